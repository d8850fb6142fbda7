import { Module } from '@nestjs/common';
import { TimeseriesModule } from '@app/timeseries';
import { PeriodQueryService } from './period-query.service';
import { PeriodsController, SummariesController } from './periods.controller';
import { ReportingController } from './reporting.controller';
import { ReportingService } from './reporting.service';
import { SeriesController } from './series.controller';
import { SeriesQueryService } from './series-query.service';

@Module({
  imports: [TimeseriesModule],
  controllers: [SeriesController, PeriodsController, SummariesController, ReportingController],
  providers: [SeriesQueryService, PeriodQueryService, ReportingService],
})
export class QueryModule {}
