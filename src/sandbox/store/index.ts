/**
 * The sandbox's storage: indexed collections (in memory, or indexed over a file for the bulky
 * logs), the streaming file scanner, and paged, index-planned listing.
 */
export { Collection, type CollectionOptions, type Rec } from './collection.js';
export { listPage, type ListPage, type ListRequest } from './list.js';
export { RawFile } from './raw-file.js';
export { scanTenantFile, type ScanProgress } from './scan-file.js';
