import { Module } from '@nestjs/common';
import { TimeseriesModule } from '@app/timeseries';
import { LiveGateway } from './live.gateway';
import { LiveDrain } from './live-drain.service';
import { LiveHub } from './live-hub.service';
import { LiveLimits } from './live-limits.service';
import { LivePresence } from './live-presence.service';
import { LiveStreamReader } from './live-stream.reader';
import { PresenceController } from './presence.controller';
import { PresenceStore } from './presence.store';

/**
 * The gateway side of live values: Socket.IO namespace /live fed by the live stream, the presence list
 * across gateway processes, and the drain of its sockets when the process stops.
 */
@Module({
  imports: [TimeseriesModule],
  controllers: [PresenceController],
  providers: [LiveGateway, LiveHub, LiveLimits, LiveStreamReader, LivePresence, PresenceStore, LiveDrain],
  exports: [LiveHub],
})
export class LiveModule {}
