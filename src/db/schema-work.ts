/** Tables of time entries, expenses, notes, schedule entries (filled in by that feature's migration). */
export interface WorkTables {}
