/**
 * The sandbox's storage: indexed collections (in memory, or indexed over a file for the bulky
 * logs) and paged, index-planned listing. The file is split by src/tenant/json-collections.ts.
 */
export { Collection, type CollectionOptions, type Rec } from './collection.js';
export { listPage, type ListPage, type ListRequest } from './list.js';
export { RawFile } from './raw-file.js';
