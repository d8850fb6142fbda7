import { ImportRunEntity } from './import-run.entity';
import { SavedMappingEntity } from './saved-mapping.entity';

export { ImportRunEntity, SavedMappingEntity };
export const IMPORTS_ENTITIES = [SavedMappingEntity, ImportRunEntity];
