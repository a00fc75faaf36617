import { CreateTenantsAndOutbox1764380000000 } from './1764380000000-create-tenants-and-outbox';

/** Every migration in order. Listed explicitly so that the same code runs from sources (tests) and from dist. */
export const MIGRATIONS = [CreateTenantsAndOutbox1764380000000];
