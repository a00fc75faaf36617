import { DataSource } from 'typeorm';

export const postgresReadiness = (dataSource: DataSource) => ({
  name: 'postgres',
  check: async () => {
    await dataSource.query('SELECT 1');
  },
});
