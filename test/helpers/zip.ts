import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

export interface ZipEntry {
  name: string;
  /** Compression method: 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/**
 * The entries of a zip archive (a .vsix), read from its central directory. Enough for archives
 * vsce writes: no zip64, no encryption.
 */
export function zipEntries(archive: Buffer): ZipEntry[] {
  const endOfDirectory = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOfDirectory < 0) throw new Error('not a zip archive: no end of central directory');
  const count = archive.readUInt16LE(endOfDirectory + 10);
  let offset = archive.readUInt32LE(endOfDirectory + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (archive.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central directory entry at ${offset}`);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    entries.push({
      name: archive.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: archive.readUInt16LE(offset + 10),
      compressedSize: archive.readUInt32LE(offset + 20),
      localHeaderOffset: archive.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Writes every file of the archive under `target`. */
export function extractZip(archive: Buffer, target: string): void {
  for (const entry of zipEntries(archive)) {
    if (entry.name.endsWith('/')) continue;
    const local = entry.localHeaderOffset;
    const dataStart = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(dataStart, dataStart + entry.compressedSize);
    const file = path.join(target, entry.name);
    if (!file.startsWith(target + path.sep)) throw new Error(`entry outside the target: ${entry.name}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, entry.method === 8 ? zlib.inflateRawSync(data) : data);
  }
}
