"""PNG encoding and decoding written from the specification (RFC 2083) with zlib and struct
only: an independent check of npusim's libpng-based reader and writer (models/data/png_io).

    python3 png_by_hand.py decode FILE.png OUT.npy   # pixels as uint8/uint16 [H, W] or [H, W, C]
    python3 png_by_hand.py encode-rgb8 IN.npy OUT.png  # uint8 [H, W, 3], filter type 0 rows
"""
import struct
import sys
import zlib

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # colour type -> samples per pixel (no palettes here)


def chunks(data):
    assert data[:8] == SIGNATURE, "not a PNG signature"
    at = 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind = data[at + 4:at + 8]
        body = data[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF, f"bad CRC in {kind!r}"
        yield kind, body
        at += 12 + length


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode(data):
    header, compressed = None, b""
    for kind, body in chunks(data):
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed += body
    width, height, depth, colour, _, _, interlace = header
    assert depth in (8, 16) and colour in CHANNELS and interlace == 0, header
    channels = CHANNELS[colour]
    bpp = channels * depth // 8  # bytes per pixel, the filters' left distance
    stride = width * bpp
    raw = zlib.decompress(compressed)
    rows, previous, at = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            predictor = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
            line[i] = (line[i] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    pixels = np.frombuffer(b"".join(rows), dtype=">u2" if depth == 16 else np.uint8)
    shape = (height, width) if channels == 1 else (height, width, channels)
    return pixels.reshape(shape).astype(np.uint16 if depth == 16 else np.uint8), header


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def encode_rgb8(pixels):
    height, width, _ = pixels.shape
    raw = b"".join(b"\x00" + pixels[y].astype(np.uint8).tobytes() for y in range(height))
    return (SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    command, source, target = sys.argv[1:4]
    if command == "decode":
        pixels, _ = decode(open(source, "rb").read())
        np.save(target, pixels)
    elif command == "encode-rgb8":
        open(target, "wb").write(encode_rgb8(np.load(source)))
    else:
        sys.exit(f"unknown command {command}")
