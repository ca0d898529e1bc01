#include "report/output_folder.h"

#include "common/error.h"

#include <filesystem>

namespace dm {

void createOutputFolder(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir))
        throw InputError("cannot create the output folder '" + dir + "': " +
                         (ec ? ec.message() : std::string("a file of that name exists")) +
                         "; choose another --out folder");
}

std::string outputPath(const std::string& dir, const std::string& name) {
    return (std::filesystem::path(dir) / name).string();
}

}  // namespace dm
