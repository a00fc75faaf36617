import type { DataSource, EntitySubscriberInterface } from 'typeorm';

/**
 * Counts every SQL statement the app's DataSource sends, through TypeORM's own query hook (every query runner
 * announces each statement to the DataSource's subscribers before sending it). Nothing is replaced or mocked.
 */
export function countStatements(dataSource: DataSource): { statements: string[]; stop(): void } {
  const statements: string[] = [];
  const subscriber: EntitySubscriberInterface = { beforeQuery: (event) => void statements.push(event.query) };
  dataSource.subscribers.push(subscriber);
  return {
    statements,
    stop: () => void dataSource.subscribers.splice(dataSource.subscribers.indexOf(subscriber), 1),
  };
}
