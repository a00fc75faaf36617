export * from './tenant';
export * from './conditions';
export * from './reconcile-intent';
export * from './tenant-cursor';
export * from './tenant-spec.validator';
export * from './tenant-store';
export * from './tenant.service';
export * from './role-group-name';
