/** Tables of sites, contracts, equipment, service reports, uploaded documents (filled in by that feature's migration). */
export interface ServiceTables {}
