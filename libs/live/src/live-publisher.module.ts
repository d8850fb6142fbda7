import { Module, OnModuleInit } from '@nestjs/common';
import { PointListeners } from '@app/pipeline';
import { LivePublisher } from './live.publisher';

/** Live publishing as a step of the point pipeline: every stored batch goes on the live stream. */
@Module({ providers: [LivePublisher], exports: [LivePublisher] })
export class LivePublisherModule implements OnModuleInit {
  constructor(
    private readonly listeners: PointListeners,
    private readonly publisher: LivePublisher,
  ) {}

  onModuleInit(): void {
    this.listeners.add(this.publisher);
  }
}
