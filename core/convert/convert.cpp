// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/convert/convert.h"

#include "core/importers/load_model.h"
#include "core/importers/onnx/onnx_importer.h"
#include "core/ir/verifier.h"

namespace lf {

Result<Conversion> convertModel(const std::filesystem::path& path, const ConvertOptions& options, TaskContext& context)
{
    Conversion conversion;
    Result<ir::Model> imported = detectModelFormat(path) == ModelFormat::Onnx
        ? onnx_import::importOnnx(path, onnx_import::ImportOptions{options.inputShapes, options.constantInputs}, context, conversion.log)
        : loadModel(path, context);
    if (!imported)
        return std::unexpected(std::move(imported.error()));
    conversion.imported = std::move(*imported);
    if (auto checked = passes::checkLayoutOverrides(conversion.imported.main(), options.layout); !checked)
        return std::unexpected(std::move(checked.error()).in(path.string()));
    conversion.converted = conversion.imported;
    passes::PassContext passContext{conversion.log, context, &options.layout};
    if (auto converted = passes::runConversionPipeline(conversion.converted, options.pipeline, passContext); !converted)
        return std::unexpected(std::move(converted.error()).in(path.string()));
    if (auto verified = ir::verify(conversion.converted); !verified)
        return std::unexpected(std::move(verified.error()).in(path.string() + ": after conversion"));
    return conversion;
}

} // namespace lf
