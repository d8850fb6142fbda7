import { Module } from '@nestjs/common';
import { TimeseriesModule } from '@app/timeseries';
import { PeriodQueryService } from './period-query.service';
import { PeriodsController } from './periods.controller';
import { SeriesController } from './series.controller';
import { SeriesQueryService } from './series-query.service';

@Module({
  imports: [TimeseriesModule],
  controllers: [SeriesController, PeriodsController],
  providers: [SeriesQueryService, PeriodQueryService],
})
export class QueryModule {}
