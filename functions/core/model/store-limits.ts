/**
 * What one device may ask the store to hold. DynamoDB refuses an item over 400 KB and a sort
 * key over 1,024 bytes with a ValidationException; these bounds keep every write well inside
 * that, so an oversized CPE value is refused with a CWMP fault instead of failing a write.
 */

/**
 * Longest device id, in bytes (it is ASCII after escaping): it is the gsi1 sort key of the
 * device item (1,024-byte limit) and part of every partition key of the device.
 */
export const maxDeviceIdLength = 1024;

/**
 * Longest parameter name, in UTF-8 bytes: TR-069 A.3.2.1 ParameterValueStruct Name is
 * string(256), and TR-106 names are ASCII. The name is part of a sort key.
 */
export const maxParameterNameBytes = 256;

/**
 * Largest parameter value, in UTF-8 bytes. TR-069 bounds no value (anySimpleType), but each
 * value is one item of the parameter store (400 KB); 64 KiB holds any real data-model value
 * (the largest TR-181 strings are a few KiB, e.g. certificates and log excerpts).
 */
export const maxParameterValueBytes = 64 * 1024;

/**
 * Largest sum of names and values in one Inform's ParameterList, in UTF-8 bytes: the forced
 * Inform parameters are kept on the device item as well, next to the session, the task queue
 * and profile memory, which share its 400 KB.
 */
export const maxInformParameterBytes = 128 * 1024;

/**
 * Largest task spec, as JSON in UTF-8 bytes: a task item holds it with its result and history,
 * and a campaign item holds its spec beside its bounded lists (about 110 KB), all within 400 KB.
 * The API's own bounds (1,000 values of up to 64 KiB) would otherwise let a spec through that
 * DynamoDB refuses.
 */
export const maxTaskSpecBytes = 128 * 1024;
