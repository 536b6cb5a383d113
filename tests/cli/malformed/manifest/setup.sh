# Datasets too odd to commit: manifest.json as a folder and as a FIFO.
mkdir -p m_manifest_is_folder/manifest.json m_manifest_is_folder/rgb m_manifest_is_folder/depth
mkdir -p m_manifest_fifo/rgb m_manifest_fifo/depth
mkfifo m_manifest_fifo/manifest.json
