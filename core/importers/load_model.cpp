// SPDX-License-Identifier: GPL-3.0-or-later
// Format detection and dispatch to the importers.
#include "core/importers/load_model.h"

#include "core/base/file_io.h"
#include "core/importers/onnx/onnx_importer.h"
#include "core/tflite/tflite_reader.h"

#include <algorithm>
#include <cctype>

namespace lf {

namespace {

std::string lowerExtension(const std::filesystem::path& path)
{
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension;
}

ModelFormat formatFromName(const std::filesystem::path& path)
{
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
        return std::filesystem::exists(path / "saved_model.pb", error) ? ModelFormat::TensorFlow : ModelFormat::Unknown;
    const std::string extension = lowerExtension(path);
    if (extension == ".tflite")
        return ModelFormat::TFLite;
    if (extension == ".onnx")
        return ModelFormat::Onnx;
    if (extension == ".h5" || extension == ".hdf5" || extension == ".keras")
        return ModelFormat::Keras;
    if (extension == ".pb" || extension == ".meta" || extension == ".ckpt")
        return ModelFormat::TensorFlow;
    if (extension == ".cfg" || extension == ".weights")
        return ModelFormat::Darknet;
    return ModelFormat::Unknown;
}

} // namespace

const char* modelFormatName(ModelFormat format)
{
    switch (format) {
    case ModelFormat::TFLite: return "TFLite";
    case ModelFormat::Onnx: return "ONNX";
    case ModelFormat::Keras: return "Keras";
    case ModelFormat::TensorFlow: return "TensorFlow";
    case ModelFormat::Darknet: return "Darknet";
    case ModelFormat::Unknown: return "unknown";
    }
    return "unknown";
}

ModelFormat detectModelFormat(const std::filesystem::path& path)
{
    if (auto file = MappedFile::open(path); file && tflite::hasTfliteIdentifier((*file)->bytes()))
        return ModelFormat::TFLite;
    return formatFromName(path);
}

Result<ir::Model> loadModel(const std::filesystem::path& path, TaskContext& context)
{
    context.setProgress(0, 1, "import");
    std::error_code error;
    if (!std::filesystem::exists(path, error))
        return fail(ErrorCode::Io, "no such file or directory", path.string());
    const bool isFolder = std::filesystem::is_directory(path, error);
    std::shared_ptr<const MappedFile> file;
    if (!isFolder) {
        Result<std::shared_ptr<const MappedFile>> opened = MappedFile::open(path);
        if (!opened)
            return std::unexpected(opened.error());
        file = std::move(*opened);
        if (file->bytes().empty())
            return fail(ErrorCode::InvalidModel, "the file is empty", path.string());
    }
    const ModelFormat byName = formatFromName(path);
    if (file && (tflite::hasTfliteIdentifier(file->bytes()) || byName == ModelFormat::TFLite)) {
        Result<ir::Model> model = tflite::readTflite(std::move(file), context);
        context.setProgress(1, 1, "import");
        return model;
    }
    if (byName == ModelFormat::Onnx) {
        passes::RewriteLog log;
        return onnx_import::importOnnx(path, {}, context, log);
    }
    if (byName == ModelFormat::Unknown)
        return fail(ErrorCode::InvalidModel,
                    isFolder ? "not a model folder (no saved_model.pb)"
                             : "unrecognised model format (expected .tflite, .onnx, .h5, .pb, .cfg/.weights)",
                    path.string());
    return fail(ErrorCode::UnsupportedFeature,
                std::string(modelFormatName(byName)) + " import is not available in this build yet", path.string());
}

} // namespace lf
