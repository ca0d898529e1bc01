// loadDataset: one entry point for every supported input, chosen from the path.
#include "common/error.h"
#include "data/isolated_reader.h"
#include "data/readers.h"

#include <hdf5.h>

#include <cctype>
#include <filesystem>

namespace dm {

namespace {

namespace fs = std::filesystem;

std::string lowerExtension(const fs::path& p) {
    std::string ext = p.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

// A .h5 written by anndata (some people name them so) has an `obs` group; a 10x .h5
// never does.
bool hdf5HasObsGroup(const std::string& path) {
    H5E_auto2_t oldFunc = nullptr;
    void* oldData = nullptr;
    H5Eget_auto2(H5E_DEFAULT, &oldFunc, &oldData);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // probing: no HDF5 error stack on stderr
    bool found = false;
    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file >= 0) {
        found = H5Lexists(file, "obs", H5P_DEFAULT) > 0;
        H5Fclose(file);
    }
    H5Eset_auto2(H5E_DEFAULT, oldFunc, oldData);
    if (file < 0)
        throw InputError("'" + path + "' is not a readable HDF5 file; a 10x .h5 (CellRanger) or an "
                         "AnnData .h5ad was expected");
    return found;
}

}  // namespace

Dataset loadDataset(const std::string& path, const LoadOptions& options) {
    const fs::path p(path);
    if (path.empty()) throw InputError("no input given: choose an .h5ad file, a 10x .h5 file or a 10x matrix folder");
    if (!fs::exists(p)) throw InputError("input '" + path + "' not found; check the path");
    if (fs::is_directory(p)) return read10xMtxDir(path, options.tenx);
    // The applications parse HDF5 files in a separate process: libhdf5 can crash on a damaged one.
    if (isolation::enabled() && isolation::isHdf5Input(path)) return isolation::loadDataset(path, options);

    const std::string name = p.filename().string();
    if (name == "matrix.mtx" || name == "matrix.mtx.gz") {
        // The user picked the matrix file itself: its folder is the 10x matrix folder.
        return read10xMtxDir(p.parent_path().empty() ? std::string(".") : p.parent_path().string(), options.tenx);
    }
    const std::string ext = lowerExtension(p);
    if (ext == ".h5ad") return readH5ad(path, options.h5ad);
    if (ext == ".h5") return hdf5HasObsGroup(path) ? readH5ad(path, options.h5ad) : read10xH5(path, options.tenx);
    throw InputError("'" + path + "' is not a supported input. Supported: an AnnData .h5ad file, a 10x "
                     "CellRanger .h5 file, or a 10x matrix folder (matrix.mtx[.gz], features.tsv.gz or "
                     "genes.tsv, barcodes.tsv[.gz]). A .loom, .csv or .rds file can be converted to .h5ad "
                     "with scanpy or SeuratDisk first");
}

}  // namespace dm
