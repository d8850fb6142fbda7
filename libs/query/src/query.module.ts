import { Module } from '@nestjs/common';
import { TimeseriesModule } from '@app/timeseries';
import { SeriesController } from './series.controller';
import { SeriesQueryService } from './series-query.service';

@Module({ imports: [TimeseriesModule], controllers: [SeriesController], providers: [SeriesQueryService] })
export class QueryModule {}
