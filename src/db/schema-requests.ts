/** Tables of tickets and messages (filled in by that feature's migration). */
export interface RequestTables {}
