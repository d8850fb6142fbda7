import { Module } from '@nestjs/common';
import { WallBuild } from './wall-build';
import { WallController } from './wall.controller';

@Module({ controllers: [WallController], providers: [{ provide: WallBuild, useFactory: () => new WallBuild() }] })
export class WallModule {}
