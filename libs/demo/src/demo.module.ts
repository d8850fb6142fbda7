import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QUEUES } from '@app/contracts';
import { IngestProducerModule } from '@app/ingestion';
import { TimeseriesModule } from '@app/timeseries';
import { DemoFeedScheduler } from './demo-feed-scheduler.service';
import { DemoHistory } from './demo-history.service';
import { DemoService } from './demo.service';
import { SimulatorProcessor } from './simulator.processor';
import { SimulatorService } from './simulator.service';

/** Demo mode, HTTP side: catalogue seed, plans and history, and demo keys. */
@Module({
  imports: [IngestProducerModule, TimeseriesModule],
  providers: [DemoService, DemoHistory],
  exports: [DemoService],
})
export class DemoModule {}

/** Demo mode, worker side: the simulator and its schedule (kept in Redis, put back when Redis lost it). */
@Module({
  imports: [BullModule.registerQueue({ name: QUEUES.simulator }), IngestProducerModule],
  providers: [SimulatorService, SimulatorProcessor, DemoFeedScheduler],
})
export class SimulatorModule {}
