import { Global, Module } from '@nestjs/common';
import { TimeseriesModule } from '@app/timeseries';
import { PointListeners } from './point-listeners';
import { PointWriter } from './point-writer.service';

/**
 * The write step of the point pipeline and its listener registry, one per process (global, so that
 * the modules that listen, live publishing and alert evaluation, register in the same one).
 */
@Global()
@Module({
  imports: [TimeseriesModule],
  providers: [PointListeners, PointWriter],
  exports: [PointListeners, PointWriter],
})
export class PipelineModule {}
