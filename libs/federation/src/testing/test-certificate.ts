import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface TestCertificateOptions {
  readonly commonName?: string;
  readonly notBefore?: Date;
  readonly notAfter: Date;
  /** Distinct serials give distinct certificates (and fingerprints) for the same name and dates. */
  readonly serial?: number;
}

let keys: { privateKey: KeyObject; publicKey: KeyObject } | null = null;

/**
 * A self-signed RSA certificate valid until `notAfter`, as the base64 DER an `<ds:X509Certificate>` holds. Node can
 * parse certificates but not make them, so this encodes the few DER structures of a minimal X.509 v3 certificate.
 * Tests use it for certificates expiring at a chosen date, which a checked-in certificate could not give.
 */
export function createTestCertificate(options: TestCertificateOptions): string {
  keys ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  const notBefore = options.notBefore ?? new Date(options.notAfter.getTime() - 365 * 24 * 3600 * 1000);
  const name = sequence(
    set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(options.commonName ?? 'idplane test IdP')))),
  );
  const algorithm = sequence(oid('1.2.840.113549.1.1.11'), tlv(0x05, Buffer.alloc(0)));
  const tbs = sequence(
    tlv(0xa0, integer(2)),
    integer(options.serial ?? 1),
    algorithm,
    name,
    sequence(time(notBefore), time(options.notAfter)),
    name,
    keys.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, keys.privateKey);
  return sequence(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature]))).toString('base64');
}

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

const sequence = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));

function integer(value: number): Buffer {
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  if (bytes.length === 0 || bytes[0] >= 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const group = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) group.unshift(0x80 | (v & 0x7f));
    bytes.push(...group);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime through 2049 and GeneralizedTime after, as RFC 5280 requires. */
function time(date: Date): Buffer {
  const iso = date.toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '') + 'Z';
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(digits.slice(2)))
    : tlv(0x18, Buffer.from(digits));
}
