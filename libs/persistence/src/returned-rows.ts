/** TypeORM answers an INSERT ... RETURNING with rows, and an UPDATE/DELETE ... RETURNING with [rows, count]. */
export const returnedRows = <T>(result: T[] | [T[], number]): T[] =>
  result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
    ? (result[0] as T[])
    : (result as T[]);
