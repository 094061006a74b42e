/**
 * OData for the sandbox: the `$filter` language (parse, evaluate) and the other system query
 * options Graph accepts on collections.
 */
export { matches, readPath } from './evaluate.js';
export { conjuncts, FilterError, parseFilter, type Expr } from './filter.js';
export { compareBy, expandOf, parseExpand, parseQuery, project, QueryError, type ExpandItem, type OrderBy, type QueryOptions } from './options.js';
