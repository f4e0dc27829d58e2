/** How a route's JSON body is described: a component schema name, a union, or an array of one. */
export type BodySchemaRef =
  | { ref: string }
  | { anyOf: BodySchemaRef[] }
  | { array: BodySchemaRef; maxItems?: number; nullable?: boolean };
