export * from './live-stream.util';
export * from './cursor-window.util';
export * from './live.publisher';
export * from './live-publisher.module';
export * from './live-stream.reader';
export * from './live-hub.service';
export * from './live.module';
