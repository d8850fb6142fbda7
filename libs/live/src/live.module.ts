import { Module } from '@nestjs/common';
import { TimeseriesModule } from '@app/timeseries';
import { LiveGateway } from './live.gateway';
import { LiveHub } from './live-hub.service';
import { LiveLimits } from './live-limits.service';
import { LiveStreamReader } from './live-stream.reader';

/** The gateway side of live values: Socket.IO namespace /live fed by the live stream. */
@Module({
  imports: [TimeseriesModule],
  providers: [LiveGateway, LiveHub, LiveLimits, LiveStreamReader],
  exports: [LiveHub],
})
export class LiveModule {}
