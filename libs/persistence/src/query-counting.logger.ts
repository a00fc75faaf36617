import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM calls its logger for every statement whatever `logging` says; this one only counts them (by the first
 * keyword), so the SQL cost of a request is a metric, not a guess. It never sees or keeps parameter values.
 */
export class QueryCountingLogger implements TypeOrmLogger {
  constructor(private readonly onQuery: (statement: string) => void) {}

  logQuery(query: string): void {
    this.onQuery(/^\s*(\w+)/.exec(query)?.[1]?.toUpperCase() ?? 'OTHER');
  }

  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
