export * from './entities';
export * from './delivery/delivery.types';
