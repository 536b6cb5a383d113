# Inputs too odd or too large to commit: a FIFO and a folder named like PNGs, a 16384x16384
# RGB PNG of about 800 KB (a decompression bomb: 768 MiB of pixels, 3 GiB as a float tensor),
# and one dataset folder per bad file (set_rgb_NAME: the file as the image; set_depth_NAME:
# as the depth map, next to a good partner).
set -e
mkfifo fifo.png
mkdir -p folder.png
/usr/bin/python3 - <<'PY'
import struct, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
width = height = 16384
compressor = zlib.compressobj(9)
row = b"\x00" * (1 + width * 3)
idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
with open("bomb.png", "wb") as out:
    out.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
              chunk(b"IDAT", idat) + chunk(b"IEND", b""))
PY
place() {  # place NAME DEST: the bad file NAME.png (or what it stands for) at DEST
  case "$1" in
    fifo) mkfifo "$2" ;;
    folder) mkdir -p "$2" ;;
    missing) ;;
    *) cp "$1.png" "$2" ;;
  esac
}
for png in *.png missing.png; do
  name=${png%.png}
  case "$name" in good_rgb|good_depth) continue ;; esac
  mkdir -p "set_rgb_$name/rgb" "set_rgb_$name/depth" "set_depth_$name/rgb" "set_depth_$name/depth"
  place "$name" "set_rgb_$name/rgb/a.png"
  cp good_depth.png "set_rgb_$name/depth/a.png"
  cp good_rgb.png "set_depth_$name/rgb/a.png"
  place "$name" "set_depth_$name/depth/a.png"
done
