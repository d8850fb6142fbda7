export * from './wall.module';
export { WALL_BUILD_DIR, WallBuild } from './wall-build';
export { WALL_CSP, WALL_NOT_BUILT } from './wall.controller';
