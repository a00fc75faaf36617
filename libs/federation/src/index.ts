export * from './federation-validation.error';
export * from './saml-metadata.parser';
export * from './x509-certificate.reader';
export * from './oidc-discovery.validator';
export * from './address-policy';
export * from './safe-fetch.error';
export * from './safe-fetch';
export * from './email-domain';
