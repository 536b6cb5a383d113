# Inputs too odd to commit: a folder, a FIFO, an empty file.
mkdir -p not_a_file
mkfifo fifo.onnx
: > empty.onnx
