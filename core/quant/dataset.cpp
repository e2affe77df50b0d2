// SPDX-License-Identifier: GPL-3.0-or-later
// Opening a representative dataset: binding NAME=PATH sources to model inputs, listing folders,
// and one source class per kind of data (images, arrays from .npy/.npz, random).
#include "core/quant/dataset.h"

#include "core/quant/npz.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <random>

namespace lf::quant {

namespace {

namespace fs = std::filesystem;

/// One model input as the dataset sees it.
struct InputInfo {
    std::size_t index = 0;
    std::vector<std::string> names; ///< tensor name, then signature names
    std::vector<std::int64_t> shape; ///< extents, a dynamic batch dim as 1, other dynamic dims -1
    ir::DType dtype = ir::DType::Float32;
    bool nchw = false;

    const std::string& name() const { return names.front(); }
    std::string label() const { return "input '" + name() + "'"; }
};

/// The samples of one input.
class InputSource {
public:
    virtual ~InputSource() = default;
    virtual std::size_t size() const = 0; ///< 0: unbounded (random data)
    virtual Result<NpyArray> sample(std::size_t index) const = 0;
};

class RandomSource final : public InputSource {
public:
    RandomSource(const InputInfo& input, const RandomOptions& options) : m_input(input), m_options(options) {}
    std::size_t size() const override { return 0; }
    Result<NpyArray> sample(std::size_t index) const override;

private:
    InputInfo m_input;
    RandomOptions m_options;
};

Result<NpyArray> RandomSource::sample(std::size_t index) const
{
    std::seed_seq seeds{m_options.seed, static_cast<std::uint32_t>(index), static_cast<std::uint32_t>(index >> 32),
                        static_cast<std::uint32_t>(m_input.index)};
    std::mt19937 generator(seeds);
    auto unit = [&generator] { return static_cast<double>(generator() >> 8) * 0x1p-24; }; // [0, 1), portable
    NpyArray array;
    array.dtype = m_input.dtype;
    for (const std::int64_t extent : m_input.shape)
        array.shape.push_back(std::max<std::int64_t>(extent, 1));
    const std::int64_t count = array.elementCount();
    array.data.resize(static_cast<std::size_t>(count) * ir::dtypeSize(array.dtype));
    const double low = m_options.low;
    const double high = m_options.high;
    if (array.dtype == ir::DType::Float32) {
        for (std::int64_t i = 0; i < count; ++i) {
            const auto value = static_cast<float>(low + unit() * (high - low));
            std::memcpy(array.data.data() + i * 4, &value, 4);
        }
        return array;
    }
    const double first = array.dtype == ir::DType::Bool ? 0 : std::ceil(low);
    const double span = (array.dtype == ir::DType::Bool ? 1 : std::floor(high)) - first + 1;
    if (span < 1)
        return fail(ErrorCode::InvalidArgument, "the random range holds no integer", m_input.label());
    NpyArray integers{ir::DType::Int64, array.shape, std::vector<std::byte>(static_cast<std::size_t>(count) * 8)};
    for (std::int64_t i = 0; i < count; ++i) {
        const auto value = static_cast<std::int64_t>(first + std::floor(unit() * span));
        std::memcpy(integers.data.data() + i * 8, &value, 8);
    }
    if (array.dtype == ir::DType::Bool) {
        for (std::int64_t i = 0; i < count; ++i)
            array.data[static_cast<std::size_t>(i)] = integers.data[static_cast<std::size_t>(i) * 8];
        return array;
    }
    return convertArray(integers, array.dtype, m_input.label());
}

class ImageSource final : public InputSource {
public:
    ImageSource(const InputInfo& input, std::vector<fs::path> files, ImageGeometry geometry, const ImageOptions& options)
        : m_input(input), m_files(std::move(files)), m_geometry(geometry), m_options(options) {}
    std::size_t size() const override { return m_files.size(); }
    Result<NpyArray> sample(std::size_t index) const override;

private:
    InputInfo m_input;
    std::vector<fs::path> m_files;
    ImageGeometry m_geometry;
    ImageOptions m_options;
};

Result<NpyArray> ImageSource::sample(std::size_t index) const
{
    const fs::path& file = m_files[index];
    auto image = readImage(file);
    if (!image)
        return std::unexpected(image.error());
    auto values = preprocessImage(*image, m_geometry, m_options);
    if (!values)
        return std::unexpected(std::move(values.error()).in(file.string()));
    NpyArray array{ir::DType::Float32, values->shape, std::vector<std::byte>(values->values.size() * 4)};
    std::memcpy(array.data.data(), values->values.data(), array.data.size());
    return convertArray(array, m_input.dtype, file.string());
}

/// Row `row` of a batch along axis 0, with that axis kept as 1 or dropped.
NpyArray batchRow(const NpyArray& array, std::int64_t row, bool dropAxis)
{
    NpyArray result = arrayRow(array, row);
    if (dropAxis)
        result.shape.erase(result.shape.begin());
    return result;
}

/// Samples from .npy files and .npz members: each chunk is one sample or a batch along axis 0.
/// .npz members stay in memory; .npy files are read again when sampled (the last one is cached).
class ArraySource final : public InputSource {
public:
    struct Chunk {
        std::string name;                        ///< file, or "file: member 'x'"
        fs::path file;                           ///< set for .npy files
        std::shared_ptr<const NpyArray> array;   ///< set for .npz members
        std::size_t rows = 1;
        bool batched = false;
        bool dropAxis = false; ///< rows of a batch of samples that have their own batch dim ([N,1,...])
    };

    explicit ArraySource(const InputInfo& input) : m_input(input) {}
    std::size_t size() const override { return m_total; }
    Result<NpyArray> sample(std::size_t index) const override;
    /// Adds a file's array after checking it (shape, dtype, NaN/Inf). The arrays of .npy files
    /// (`file` set) are dropped here and read again when sampled.
    Result<void> add(std::string name, fs::path file, std::shared_ptr<const NpyArray> array);

private:
    Result<std::shared_ptr<const NpyArray>> load(const Chunk& chunk) const;
    Result<NpyArray> fit(NpyArray array, const std::string& name) const;

    InputInfo m_input;
    std::vector<Chunk> m_chunks;
    std::vector<std::size_t> m_starts; ///< first sample index of each chunk
    std::size_t m_total = 0;
    mutable std::mutex m_cacheMutex;
    mutable fs::path m_cachedFile;
    mutable std::shared_ptr<const NpyArray> m_cached;
};

Result<NpyArray> ArraySource::fit(NpyArray array, const std::string& name) const
{
    auto adapted = adaptToInput(std::move(array), m_input.shape, name);
    if (!adapted)
        return std::unexpected(std::move(adapted.error()).in(m_input.label()));
    return convertArray(*adapted, m_input.dtype, name);
}

Result<void> ArraySource::add(std::string name, fs::path file, std::shared_ptr<const NpyArray> array)
{
    if (auto finite = checkFinite(*array, name); !finite)
        return finite;
    Chunk chunk{std::move(name), std::move(file), nullptr, 1, false, false};
    auto whole = fit(*array, chunk.name);
    if (!whole) {
        if (array->shape.size() < 2 || array->shape[0] < 1)
            return std::unexpected(whole.error());
        chunk.dropAxis = !fit(batchRow(*array, 0, false), chunk.name);
        if (chunk.dropAxis && !fit(batchRow(*array, 0, true), chunk.name))
            return std::unexpected(whole.error());
        chunk.rows = static_cast<std::size_t>(array->shape[0]);
        chunk.batched = true;
    }
    if (chunk.file.empty())
        chunk.array = std::move(array);
    m_starts.push_back(m_total);
    m_total += chunk.rows;
    m_chunks.push_back(std::move(chunk));
    return {};
}

Result<std::shared_ptr<const NpyArray>> ArraySource::load(const Chunk& chunk) const
{
    if (chunk.array)
        return chunk.array;
    const std::lock_guard lock(m_cacheMutex);
    if (m_cached && m_cachedFile == chunk.file)
        return m_cached;
    auto array = readNpy(chunk.file);
    if (!array)
        return std::unexpected(array.error());
    m_cached = std::make_shared<const NpyArray>(std::move(*array));
    m_cachedFile = chunk.file;
    return m_cached;
}

Result<NpyArray> ArraySource::sample(std::size_t index) const
{
    const auto next = std::ranges::upper_bound(m_starts, index);
    const auto chunkIndex = static_cast<std::size_t>(next - m_starts.begin()) - 1;
    const Chunk& chunk = m_chunks[chunkIndex];
    auto array = load(chunk);
    if (!array)
        return std::unexpected(array.error());
    if (!chunk.batched)
        return fit(**array, chunk.name);
    const auto row = static_cast<std::int64_t>(index - m_starts[chunkIndex]);
    if ((*array)->shape.empty() || (*array)->shape[0] <= row)
        return fail(ErrorCode::Io, "the file changed while calibrating", chunk.name);
    return fit(batchRow(**array, row, chunk.dropAxis), chunk.name + " row " + std::to_string(row));
}

std::string lowerExtension(const fs::path& path)
{
    std::string extension = path.extension().string();
    std::ranges::transform(extension, extension.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension;
}

/// The data files of a folder in file-name order, all images or all arrays.
Result<std::vector<fs::path>> listFolder(const fs::path& folder)
{
    std::vector<fs::path> images;
    std::vector<fs::path> arrays;
    std::error_code error;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
        if (!it->is_regular_file(error))
            continue;
        const std::string extension = lowerExtension(it->path());
        if (isImageFile(it->path()))
            images.push_back(it->path());
        else if (extension == ".npy" || extension == ".npz")
            arrays.push_back(it->path());
    }
    if (error)
        return fail(ErrorCode::Io, "cannot list the folder: " + error.message(), folder.string());
    if (images.empty() && arrays.empty())
        return fail(ErrorCode::InvalidArgument, "the folder holds no PNG, JPEG, BMP, .npy or .npz files", folder.string());
    if (!images.empty() && !arrays.empty())
        return fail(ErrorCode::InvalidArgument,
                    "the folder mixes images (" + images.front().filename().string() + ") and arrays ("
                        + arrays.front().filename().string() + "); use one kind per folder", folder.string());
    std::vector<fs::path>& files = images.empty() ? arrays : images;
    std::ranges::sort(files);
    return files;
}

/// The .npz members that hold data for `input`: the member named after it if there is one, else all.
std::vector<const NpzEntry*> membersFor(const std::vector<NpzEntry>& entries, const InputInfo& input)
{
    std::vector<const NpzEntry*> members;
    for (const NpzEntry& entry : entries) {
        if (std::ranges::find(input.names, entry.name) != input.names.end())
            return {&entry};
        members.push_back(&entry);
    }
    return members;
}

Result<void> addArrayFile(ArraySource& source, const fs::path& file, const InputInfo& input)
{
    if (lowerExtension(file) == ".npy") {
        auto array = readNpy(file);
        if (!array)
            return std::unexpected(array.error());
        return source.add(file.string(), file, std::make_shared<const NpyArray>(std::move(*array)));
    }
    auto entries = readNpz(file);
    if (!entries)
        return std::unexpected(entries.error());
    for (const NpzEntry* entry : membersFor(*entries, input)) {
        auto added = source.add(file.string() + ": member '" + entry->name + "'", {}, std::make_shared<const NpyArray>(entry->array));
        if (!added)
            return added;
    }
    return {};
}

Result<std::unique_ptr<InputSource>> openSource(const std::string& path, const InputInfo& input, const DatasetSpec& spec)
{
    if (path == "random")
        return std::make_unique<RandomSource>(input, spec.random);
    std::error_code error;
    const fs::path location(path);
    if (!fs::exists(location, error))
        return fail(ErrorCode::Io, "no such file or folder", path);
    std::vector<fs::path> files = {location};
    if (fs::is_directory(location, error)) {
        auto listed = listFolder(location);
        if (!listed)
            return std::unexpected(listed.error());
        files = std::move(*listed);
    }
    if (isImageFile(files.front())) {
        auto geometry = imageGeometry(input.shape, input.nchw, spec.image, input.name());
        if (!geometry)
            return std::unexpected(geometry.error());
        if (input.dtype != ir::DType::Float32)
            return fail(ErrorCode::UnsupportedFeature,
                        "images feed float32 inputs; this one is " + std::string(ir::dtypeName(input.dtype)), input.label());
        return std::make_unique<ImageSource>(input, std::move(files), *geometry, spec.image);
    }
    const std::string extension = lowerExtension(files.front());
    if (extension != ".npy" && extension != ".npz")
        return fail(ErrorCode::InvalidArgument, "not an image (PNG, JPEG, BMP), .npy or .npz file", path);
    auto source = std::make_unique<ArraySource>(input);
    for (const fs::path& file : files) {
        if (auto added = addArrayFile(*source, file, input); !added)
            return std::unexpected(added.error());
    }
    return source;
}

std::vector<InputInfo> modelInputs(const ir::Model& model)
{
    const ir::Graph& graph = model.main();
    std::vector<InputInfo> inputs;
    for (std::size_t i = 0; i < graph.inputs.size(); ++i) {
        const ir::Tensor& tensor = graph.tensors[static_cast<std::size_t>(graph.inputs[i])];
        InputInfo input{i, {tensor.name}, tensor.shape.extents(), tensor.dtype, tensor.layout == ir::Layout::NCHW};
        if (input.shape.size() >= 2 && input.shape[0] < 0)
            input.shape[0] = 1; // a dynamic batch; samples have batch 1
        for (const ir::Signature& signature : model.signatures) {
            for (const auto& [name, id] : signature.inputs) {
                if (signature.graphIndex == 0 && id == graph.inputs[i] && name != tensor.name)
                    input.names.push_back(name);
            }
        }
        inputs.push_back(std::move(input));
    }
    return inputs;
}

/// An .npz given plainly to a multi-input model whose members name inputs: binds it to those.
bool bindNpzByMemberNames(const std::string& path, const std::vector<InputInfo>& inputs, std::vector<std::string>& bound)
{
    if (inputs.size() < 2 || lowerExtension(path) != ".npz")
        return false;
    auto entries = readNpz(path);
    if (!entries)
        return false;
    bool any = false;
    for (const InputInfo& input : inputs) {
        const bool named = std::ranges::any_of(*entries, [&](const NpzEntry& entry) {
            return std::ranges::find(input.names, entry.name) != input.names.end();
        });
        if (named && bound[input.index].empty()) {
            bound[input.index] = path;
            any = true;
        }
    }
    return any;
}

/// The source path of every input, from "NAME=PATH" and plain "PATH" entries.
Result<std::vector<std::string>> bindSources(const std::vector<std::string>& sources, const std::vector<InputInfo>& inputs)
{
    std::vector<std::string> bound(inputs.size());
    std::vector<std::string> plain;
    for (const std::string& value : sources) {
        const std::size_t equals = value.find('=');
        const std::string name = value.substr(0, equals);
        const auto named = std::ranges::find_if(inputs, [&](const InputInfo& input) {
            return std::ranges::find(input.names, name) != input.names.end();
        });
        std::error_code ignored;
        if (equals == std::string::npos || named == inputs.end()) {
            if (equals != std::string::npos && !fs::exists(value, ignored))
                return fail(ErrorCode::InvalidArgument, "the model has no input named '" + name + "'", value);
            plain.push_back(value);
            continue;
        }
        if (!bound[named->index].empty())
            return fail(ErrorCode::InvalidArgument, named->label() + " is given data twice", value);
        bound[named->index] = value.substr(equals + 1);
    }
    std::size_t next = 0;
    for (const std::string& path : plain) {
        if (bindNpzByMemberNames(path, inputs, bound))
            continue;
        while (next < bound.size() && !bound[next].empty())
            ++next;
        if (next == bound.size())
            return fail(ErrorCode::InvalidArgument,
                        "the model has " + std::to_string(inputs.size()) + " input(s); nothing is left to bind this to", path);
        bound[next++] = path;
    }
    for (const InputInfo& input : inputs) {
        if (bound[input.index].empty())
            return fail(ErrorCode::InvalidArgument, "no calibration data for " + input.label() + "; give it as " + input.name() + "=PATH");
    }
    return bound;
}

class SourceDataset final : public Dataset {
public:
    SourceDataset(std::vector<std::unique_ptr<InputSource>> sources, std::size_t size) : m_sources(std::move(sources)), m_size(size) {}
    std::size_t size() const override { return m_size; }
    Result<std::vector<NpyArray>> sample(std::size_t index) const override
    {
        if (index >= m_size)
            return fail(ErrorCode::InvalidArgument, "sample " + std::to_string(index) + " is beyond the dataset's " + std::to_string(m_size));
        std::vector<NpyArray> arrays;
        for (const auto& source : m_sources) {
            auto array = source->sample(index);
            if (!array)
                return std::unexpected(array.error());
            arrays.push_back(std::move(*array));
        }
        return arrays;
    }

private:
    std::vector<std::unique_ptr<InputSource>> m_sources;
    std::size_t m_size = 0;
};

} // namespace

Result<std::unique_ptr<Dataset>> openDataset(const DatasetSpec& spec, const ir::Model& model)
{
    if (spec.sources.empty())
        return fail(ErrorCode::InvalidArgument, "no calibration data given (a folder, .npy/.npz files or \"random\")");
    if (!(spec.random.low <= spec.random.high) || !std::isfinite(spec.random.low) || !std::isfinite(spec.random.high))
        return fail(ErrorCode::InvalidArgument, "the random range must be finite with low <= high");
    const std::vector<InputInfo> inputs = modelInputs(model);
    if (inputs.empty())
        return fail(ErrorCode::InvalidArgument, "the model has no inputs to calibrate");
    auto bound = bindSources(spec.sources, inputs);
    if (!bound)
        return std::unexpected(bound.error());
    std::vector<std::unique_ptr<InputSource>> sources;
    std::size_t size = 0;
    const InputInfo* sizeInput = nullptr;
    for (const InputInfo& input : inputs) {
        auto source = openSource((*bound)[input.index], input, spec);
        if (!source)
            return std::unexpected(source.error());
        const std::size_t count = (*source)->size();
        if (count != 0 && sizeInput && count != size)
            return fail(ErrorCode::InvalidArgument,
                        sizeInput->label() + " has " + std::to_string(size) + " samples, " + input.label() + " has "
                            + std::to_string(count) + "; every input needs the same number");
        if (count != 0 && !sizeInput) {
            size = count;
            sizeInput = &input;
        }
        sources.push_back(std::move(*source));
    }
    if (!sizeInput)
        size = spec.random.samples;
    if (spec.maxSamples != 0)
        size = std::min(size, spec.maxSamples);
    if (size == 0)
        return fail(ErrorCode::InvalidArgument, "the dataset holds no samples");
    return std::make_unique<SourceDataset>(std::move(sources), size);
}

} // namespace lf::quant
