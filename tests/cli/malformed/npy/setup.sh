# Inputs too odd to commit: a FIFO and a folder named like .npy files.
mkfifo fifo.npy
mkdir -p folder.npy
