// SPDX-License-Identifier: GPL-3.0-or-later
// Representative datasets: images decode to the exact pixels PIL wrote, preprocessing matches
// PyTorch's bilinear interpolate (tests/data/quant/make_fixtures.py), .npy/.npz samples round-trip
// (numpy-made stored and deflated archives), layouts adapt, random data is seeded, and every kind
// of bad input gives an error naming the file and the reason.
#include "core/base/file_io.h"
#include "core/quant/dataset.h"
#include "core/quant/npz.h"
#include "tests/support/model_runner.h"
#include "tests/support/runtime_runner.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>

using namespace lf;
using namespace lf::quant;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(lf::quant::ImageOptions)

namespace {

struct InputDecl {
    std::string name;
    std::vector<std::int64_t> shape;
    ir::DType dtype = ir::DType::Float32;
};

ir::Model modelWithInputs(const std::vector<InputDecl>& inputs)
{
    ir::Model model = ir::makeModel("main");
    for (const InputDecl& input : inputs) {
        ir::Tensor tensor;
        tensor.name = input.name;
        tensor.dtype = input.dtype;
        tensor.shape = ir::Shape::fromExtents(input.shape);
        model.main().inputs.push_back(model.main().addTensor(std::move(tensor)));
    }
    return model;
}

fs::path fixture(const std::string& name)
{
    return fs::path(test::sourceDir().toStdString()) / "tests/data/quant" / name;
}

NpyArray floats(std::vector<std::int64_t> shape, const std::vector<float>& values)
{
    NpyArray array{ir::DType::Float32, std::move(shape), std::vector<std::byte>(values.size() * 4)};
    std::memcpy(array.data.data(), values.data(), array.data.size());
    return array;
}

std::vector<float> floatValues(const NpyArray& array)
{
    std::vector<float> values(static_cast<std::size_t>(array.elementCount()));
    std::memcpy(values.data(), array.data.data(), values.size() * 4);
    return values;
}

NpyArray iota(std::vector<std::int64_t> shape, float start = 0)
{
    NpyArray array{ir::DType::Float32, shape, {}};
    std::vector<float> values(static_cast<std::size_t>(array.elementCount()));
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = start + static_cast<float>(i);
    return floats(std::move(shape), values);
}

Result<std::vector<NpyArray>> firstSample(const DatasetSpec& spec, const ir::Model& model)
{
    auto dataset = openDataset(spec, model);
    if (!dataset)
        return std::unexpected(dataset.error());
    return (*dataset)->sample(0);
}

bool mentions(const Error& error, const std::string& text)
{
    return error.toString().find(text) != std::string::npos;
}

#define VERIFY_MENTIONS(error, text) QVERIFY2(mentions(error, text), (error).toString().c_str())

} // namespace

class TestDataset : public QObject {
    Q_OBJECT

private slots:
    void decodesExactPixels_data();
    void decodesExactPixels();
    void decodesJpegCloseToPil();
    void preprocessingMatchesTorch_data();
    void preprocessingMatchesTorch();
    void imagesFolderInFileOrder();
    void npySingleAndBatch();
    void npzStoredAndDeflated_data();
    void npzStoredAndDeflated();
    void npzMembersBindToInputsByName();
    void nameEqualsPathBinding();
    void adaptsLayouts();
    void randomDataIsSeeded();
    void badInputsAreNamed();
    void nanAndInfAreNamed();
    void corruptFilesNeverCrash_data();
    void corruptFilesNeverCrash();
};

void TestDataset::decodesExactPixels_data()
{
    QTest::addColumn<QString>("image");
    QTest::addColumn<QString>("pixels");
    QTest::newRow("png") << "pattern.png" << "pattern_pixels.npy";
    QTest::newRow("bmp") << "pattern.bmp" << "pattern_pixels.npy";
    QTest::newRow("gray png") << "gray.png" << "gray_pixels.npy";
}

void TestDataset::decodesExactPixels()
{
    QFETCH(QString, image);
    QFETCH(QString, pixels);
    auto decoded = readImage(fixture(image.toStdString()));
    QVERIFY2(decoded, decoded ? "" : decoded.error().toString().c_str());
    auto expected = readNpy(fixture(pixels.toStdString()));
    QVERIFY(expected);
    QCOMPARE(decoded->height, expected->shape[0]);
    QCOMPARE(decoded->width, expected->shape[1]);
    const bool gray = expected->shape.size() == 2;
    for (int y = 0; y < decoded->height; ++y) {
        for (int x = 0; x < decoded->width; ++x) {
            for (int c = 0; c < 3; ++c) {
                const std::size_t index = (static_cast<std::size_t>(y) * decoded->width + x) * (gray ? 1 : 3) + (gray ? 0 : c);
                QCOMPARE(decoded->at(y, x, c), std::to_integer<std::uint8_t>(expected->data[index]));
            }
        }
    }
}

void TestDataset::decodesJpegCloseToPil()
{
    auto decoded = readImage(fixture("photo.jpg"));
    QVERIFY(decoded);
    auto pil = readNpy(fixture("photo_pil.npy"));
    QVERIFY(pil);
    QCOMPARE(decoded->height, 16);
    QCOMPARE(decoded->width, 16);
    double totalError = 0;
    int worst = 0;
    for (std::size_t i = 0; i < decoded->pixels.size(); ++i) {
        const int difference = std::abs(int(decoded->pixels[i]) - std::to_integer<int>(pil->data[i]));
        totalError += difference;
        worst = std::max(worst, difference);
    }
    // libjpeg (PIL) and stb use different IDCT and upsampling: close, not bit-exact
    QVERIFY2(totalError / decoded->pixels.size() < 2.0 && worst <= 16, qPrintable(QString::number(totalError / decoded->pixels.size())));
}

void TestDataset::preprocessingMatchesTorch_data()
{
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QList<qint64>>("inputShape");
    QTest::addColumn<ImageOptions>("options");
    QTest::newRow("resize 3x4, [0,1], NHWC") << "expected_resize_unit_nhwc.npy" << QList<qint64>{1, 3, 4, 3} << ImageOptions{};
    ImageOptions crop;
    crop.centerCrop = true;
    crop.scale = PixelScale::MeanStd;
    QTest::newRow("center crop 4x4, mean/std, NCHW") << "expected_crop_meanstd_nchw.npy" << QList<qint64>{1, 3, 4, 4} << crop;
    ImageOptions gray;
    gray.scale = PixelScale::Symmetric;
    QTest::newRow("gray, [-1,1], same size") << "expected_gray_symmetric.npy" << QList<qint64>{1, 5, 7, 1} << gray;
    ImageOptions bgr;
    bgr.color = ColorMode::Bgr;
    bgr.scale = PixelScale::Raw;
    QTest::newRow("BGR, raw, upscale 8x10") << "expected_bgr_raw_up.npy" << QList<qint64>{1, 8, 10, 3} << bgr;
}

void TestDataset::preprocessingMatchesTorch()
{
    QFETCH(QString, expected);
    QFETCH(QList<qint64>, inputShape);
    QFETCH(ImageOptions, options);
    const ir::Model model = modelWithInputs({{"image", {inputShape.begin(), inputShape.end()}}});
    DatasetSpec spec;
    spec.sources = {fixture("pattern.png").string()};
    spec.image = options;
    auto sample = firstSample(spec, model);
    QVERIFY2(sample, sample ? "" : sample.error().toString().c_str());
    auto reference = readNpy(fixture(expected.toStdString()));
    QVERIFY(reference);
    QCOMPARE(sample->front().shape, reference->shape);
    const test::ArrayComparison comparison = test::compareArrays(sample->front(), *reference, 1e-5, 1e-5);
    QVERIFY2(comparison.ok, qPrintable(comparison.message));
}

void TestDataset::imagesFolderInFileOrder()
{
    QTemporaryDir folder;
    const fs::path root = folder.path().toStdString();
    fs::copy_file(fixture("pattern.png"), root / "b.png");
    fs::copy_file(fixture("gray.png"), root / "a.PNG");
    fs::copy_file(fixture("make_fixtures.py"), root / "notes.txt"); // ignored
    const ir::Model model = modelWithInputs({{"image", {1, 4, 6, 3}}});
    auto dataset = openDataset({.sources = {root.string()}, .image = {.scale = PixelScale::Raw}}, model);
    QVERIFY2(dataset, dataset ? "" : dataset.error().toString().c_str());
    QCOMPARE((*dataset)->size(), std::size_t{2});
    auto first = (*dataset)->sample(0); // a.PNG: gray, same size, so exactly its pixels
    QVERIFY(first);
    const std::vector<float> values = floatValues(first->front());
    QCOMPARE(values[0], 0.0f);
    QCOMPARE(values[3 * 7 + 1], 70.0f); // pixel 7, channel G
    auto second = (*dataset)->sample(1);
    QVERIFY(second);
    QCOMPARE(second->front().shape, (std::vector<std::int64_t>{1, 4, 6, 3}));
}

void TestDataset::npySingleAndBatch()
{
    QTemporaryDir folder;
    const fs::path root = folder.path().toStdString();
    const NpyArray single = iota({1, 2, 2, 3});
    const NpyArray batch = iota({3, 2, 2, 3}, 100);
    QVERIFY(writeNpy(root / "0_single.npy", single));
    QVERIFY(writeNpy(root / "1_batch.npy", batch));
    const ir::Model model = modelWithInputs({{"x", {-1, 2, 2, 3}}}); // dynamic batch: samples have batch 1
    auto dataset = openDataset({.sources = {root.string()}}, model);
    QVERIFY2(dataset, dataset ? "" : dataset.error().toString().c_str());
    QCOMPARE((*dataset)->size(), std::size_t{4});
    for (std::size_t i = 0; i < 4; ++i) {
        auto sample = (*dataset)->sample(i);
        QVERIFY(sample);
        QCOMPARE(sample->front().shape, (std::vector<std::int64_t>{1, 2, 2, 3}));
        const float first = i == 0 ? 0.0f : 100.0f + 12.0f * static_cast<float>(i - 1);
        QCOMPARE(floatValues(sample->front()), floatValues(iota({1, 2, 2, 3}, first)));
    }
    auto capped = openDataset({.sources = {(root / "1_batch.npy").string()}, .maxSamples = 2}, model);
    QVERIFY(capped);
    QCOMPARE((*capped)->size(), std::size_t{2});
    // float64 data (numpy's default) is converted to the input's float32
    NpyArray doubles{ir::DType::Float64, {1, 2, 2, 3}, std::vector<std::byte>(12 * 8)};
    for (int i = 0; i < 12; ++i) {
        const double value = i * 0.5;
        std::memcpy(doubles.data.data() + i * 8, &value, 8);
    }
    QVERIFY(writeNpy(root / "doubles.npy", doubles));
    auto converted = firstSample({.sources = {(root / "doubles.npy").string()}}, model);
    QVERIFY(converted);
    QCOMPARE(converted->front().dtype, ir::DType::Float32);
    QCOMPARE(floatValues(converted->front())[5], 2.5f);
}

void TestDataset::npzStoredAndDeflated_data()
{
    QTest::addColumn<QString>("archive");
    QTest::newRow("np.savez") << "stored.npz";
    QTest::newRow("np.savez_compressed") << "deflated.npz";
}

void TestDataset::npzStoredAndDeflated()
{
    QFETCH(QString, archive);
    auto entries = readNpz(fixture(archive.toStdString()));
    QVERIFY2(entries, entries ? "" : entries.error().toString().c_str());
    QCOMPARE(entries->size(), std::size_t{2});
    QCOMPARE((*entries)[0].name, std::string("image"));
    QCOMPARE((*entries)[1].name, std::string("extra"));
    auto image = readNpy(fixture("npz_image.npy"));
    auto extra = readNpy(fixture("npz_extra.npy"));
    QVERIFY(image && extra);
    QCOMPARE((*entries)[0].array.shape, image->shape);
    QVERIFY((*entries)[0].array.data == image->data);
    QVERIFY((*entries)[1].array.data == extra->data);
}

void TestDataset::npzMembersBindToInputsByName()
{
    // converted model: NHWC image input; the archive holds the NCHW batch of the source model
    const ir::Model model = modelWithInputs({{"extra", {1, 5}}, {"image", {1, 4, 4, 3}}});
    auto dataset = openDataset({.sources = {fixture("deflated.npz").string()}}, model);
    QVERIFY2(dataset, dataset ? "" : dataset.error().toString().c_str());
    QCOMPARE((*dataset)->size(), std::size_t{2});
    auto image = readNpy(fixture("npz_image.npy"));
    auto extra = readNpy(fixture("npz_extra.npy"));
    QVERIFY(image && extra);
    for (std::int64_t row = 0; row < 2; ++row) {
        auto sample = (*dataset)->sample(static_cast<std::size_t>(row));
        QVERIFY(sample);
        QCOMPARE((*sample)[0].data, arrayRow(*extra, row).data);
        const NpyArray nhwc = test::permuteArray(arrayRow(*image, row), {0, 2, 3, 1});
        QCOMPARE((*sample)[1].shape, nhwc.shape);
        QCOMPARE((*sample)[1].data, nhwc.data);
    }
}

void TestDataset::nameEqualsPathBinding()
{
    QTemporaryDir folder;
    const fs::path root = folder.path().toStdString();
    QVERIFY(writeNpy(root / "b.npy", iota({2, 1, 3})));
    QVERIFY(writeNpy(root / "a.npy", iota({2, 1, 4}, 50)));
    const ir::Model model = modelWithInputs({{"a", {1, 4}}, {"b", {1, 3}}});
    auto dataset = openDataset({.sources = {"b=" + (root / "b.npy").string(), (root / "a.npy").string()}}, model);
    QVERIFY2(dataset, dataset ? "" : dataset.error().toString().c_str());
    QCOMPARE((*dataset)->size(), std::size_t{2});
    auto sample = (*dataset)->sample(1);
    QVERIFY(sample);
    QCOMPARE(floatValues((*sample)[0]), (std::vector<float>{54, 55, 56, 57}));
    QCOMPARE(floatValues((*sample)[1]), (std::vector<float>{3, 4, 5}));
    // mixing files with random data: the files set the size
    auto mixed = openDataset({.sources = {"a=" + (root / "a.npy").string(), "b=random"}}, model);
    QVERIFY(mixed);
    QCOMPARE((*mixed)->size(), std::size_t{2});
}

void TestDataset::adaptsLayouts()
{
    const NpyArray nchw = iota({1, 2, 3, 4});
    auto exact = adaptToInput(nchw, {1, 2, 3, 4}, "x.npy");
    QVERIFY(exact);
    QCOMPARE(exact->data, nchw.data);
    auto permuted = adaptToInput(nchw, {1, 3, 4, 2}, "x.npy");
    QVERIFY(permuted);
    QCOMPARE(permuted->shape, (std::vector<std::int64_t>{1, 3, 4, 2}));
    // NHWC element (h, w, c) = NCHW element (c, h, w) = c*12 + h*4 + w
    const std::vector<float> values = floatValues(*permuted);
    QCOMPARE(values[((1 * 4) + 2) * 2 + 1], 1 * 12 + 1 * 4 + 2.0f);
    QCOMPARE(values[((2 * 4) + 3) * 2 + 0], 0 * 12 + 2 * 4 + 3.0f);
    auto unbatched = adaptToInput(iota({2, 3, 4}), {1, 3, 4, 2}, "x.npy");
    QVERIFY(unbatched);
    QCOMPARE(floatValues(*unbatched), values);
    auto dynamic = adaptToInput(iota({1, 2, 7}), {1, 2, -1}, "x.npy");
    QVERIFY(dynamic);
    auto square = adaptToInput(iota({1, 3, 3, 3}), {1, 3, 3, 3}, "x.npy"); // exact wins over permutation
    QVERIFY(square);
    QCOMPARE(floatValues(*square), floatValues(iota({1, 3, 3, 3})));
    auto wrong = adaptToInput(iota({1, 2, 3, 5}), {1, 3, 4, 2}, "x.npy");
    QVERIFY(!wrong);
    QCOMPARE(wrong.error().code, ErrorCode::ShapeMismatch);
    VERIFY_MENTIONS(wrong.error(), "x.npy");
    VERIFY_MENTIONS(wrong.error(), "[1,2,3,5]");
    VERIFY_MENTIONS(wrong.error(), "[1,3,4,2]");
}

void TestDataset::randomDataIsSeeded()
{
    const ir::Model model = modelWithInputs({{"x", {1, 64}}, {"ids", {1, 8}, ir::DType::Int32}});
    DatasetSpec spec{.sources = {"random", "random"}, .random = {.low = -2, .high = 3, .seed = 7, .samples = 5}};
    auto dataset = openDataset(spec, model);
    QVERIFY(dataset);
    QCOMPARE((*dataset)->size(), std::size_t{5});
    auto a = (*dataset)->sample(3);
    QVERIFY2(a, a ? "" : a.error().toString().c_str());
    auto b = (*dataset)->sample(3);
    auto other = (*dataset)->sample(4);
    QVERIFY(b && other);
    QCOMPARE((*a)[0].data, (*b)[0].data);
    QVERIFY((*a)[0].data != (*other)[0].data);
    float low = 10;
    float high = -10;
    for (const float value : floatValues((*a)[0])) {
        low = std::min(low, value);
        high = std::max(high, value);
    }
    QVERIFY(low >= -2 && high < 3 && high - low > 3); // 64 draws cover most of [-2, 3)
    QCOMPARE((*a)[1].dtype, ir::DType::Int32);
    for (int i = 0; i < 8; ++i) {
        std::int32_t value = 0;
        std::memcpy(&value, (*a)[1].data.data() + i * 4, 4);
        QVERIFY(value >= -2 && value <= 3);
    }
    spec.random.seed = 8;
    auto reseeded = openDataset(spec, model);
    QVERIFY(reseeded);
    QVERIFY((*(*reseeded)->sample(3))[0].data != (*a)[0].data);
}

void TestDataset::badInputsAreNamed()
{
    QTemporaryDir folder;
    const fs::path root = folder.path().toStdString();
    const ir::Model model = modelWithInputs({{"image", {1, 4, 4, 3}}});
    auto open = [&model](std::vector<std::string> sources) { return openDataset({.sources = std::move(sources)}, model); };

    fs::create_directory(root / "empty");
    auto empty = open({(root / "empty").string()});
    QVERIFY(!empty);
    VERIFY_MENTIONS(empty.error(), "holds no PNG, JPEG, BMP");
    VERIFY_MENTIONS(empty.error(), "empty");

    fs::create_directory(root / "corrupt");
    fs::copy_file(fixture("pattern.png"), root / "corrupt/good.png");
    {
        auto bytes = readNpy(fixture("pattern_pixels.npy")); // any non-image bytes under an image name
        QVERIFY(bytes);
        QVERIFY(writeNpy(root / "corrupt/broken.png", *bytes));
    }
    auto corrupt = open({(root / "corrupt").string()});
    QVERIFY(corrupt); // images are decoded lazily, by sample()
    auto brokenSample = (*corrupt)->sample(0);
    QVERIFY(!brokenSample);
    VERIFY_MENTIONS(brokenSample.error(), "broken.png");
    VERIFY_MENTIONS(brokenSample.error(), "not a readable PNG, JPEG or BMP image");
    QVERIFY((*corrupt)->sample(1));

    fs::create_directory(root / "mixed");
    fs::copy_file(fixture("pattern.png"), root / "mixed/a.png");
    fs::copy_file(fixture("npz_extra.npy"), root / "mixed/b.npy");
    auto mixed = open({(root / "mixed").string()});
    QVERIFY(!mixed);
    VERIFY_MENTIONS(mixed.error(), "mixes images");

    QVERIFY(writeNpy(root / "wrong.npy", iota({1, 5, 4, 3})));
    auto wrong = open({(root / "wrong.npy").string()});
    QVERIFY(!wrong);
    VERIFY_MENTIONS(wrong.error(), "wrong.npy");
    VERIFY_MENTIONS(wrong.error(), "[1,5,4,3]");
    VERIFY_MENTIONS(wrong.error(), "[1,4,4,3]");
    VERIFY_MENTIONS(wrong.error(), "input 'image'");

    auto unknownName = open({"label=" + (root / "wrong.npy").string()});
    QVERIFY(!unknownName);
    VERIFY_MENTIONS(unknownName.error(), "no input named 'label'");

    auto missing = open({(root / "nothing_here").string()});
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, ErrorCode::Io);

    const ir::Model twoInputs = modelWithInputs({{"a", {1, 3}}, {"b", {1, 3}}});
    QVERIFY(writeNpy(root / "two.npy", iota({2, 1, 3})));
    QVERIFY(writeNpy(root / "three.npy", iota({3, 1, 3})));
    auto counts = openDataset({.sources = {(root / "two.npy").string(), (root / "three.npy").string()}}, twoInputs);
    QVERIFY(!counts);
    VERIFY_MENTIONS(counts.error(), "has 2 samples");
    auto unbound = openDataset({.sources = {(root / "two.npy").string()}}, twoInputs);
    QVERIFY(!unbound);
    VERIFY_MENTIONS(unbound.error(), "no calibration data for input 'b'");

    const QByteArray truncated = QByteArray("PK\x03\x04garbage", 11);
    QFile file(QString::fromStdString((root / "bad.npz").string()));
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(truncated) == truncated.size());
    file.close();
    auto badZip = open({(root / "bad.npz").string()});
    QVERIFY(!badZip);
    VERIFY_MENTIONS(badZip.error(), "bad.npz");

    auto noImageInput = openDataset({.sources = {fixture("pattern.png").string()}}, modelWithInputs({{"features", {1, 3}}}));
    QVERIFY(!noImageInput);
    VERIFY_MENTIONS(noImageInput.error(), "rank 3 or 4");
}

void TestDataset::nanAndInfAreNamed()
{
    QTemporaryDir folder;
    const fs::path root = folder.path().toStdString();
    const ir::Model model = modelWithInputs({{"x", {1, 2, 3}}});
    std::vector<float> values(12, 0.5f);
    values[6 + 4] = std::nanf("");
    QVERIFY(writeNpy(root / "nan.npy", floats({2, 2, 3}, values)));
    auto nan = openDataset({.sources = {(root / "nan.npy").string()}}, model);
    QVERIFY(!nan);
    VERIFY_MENTIONS(nan.error(), "nan.npy");
    VERIFY_MENTIONS(nan.error(), "NaN at index [1,1,1]");
    values[6 + 4] = 0;
    values[2] = -INFINITY;
    QVERIFY(writeNpy(root / "inf.npy", floats({2, 2, 3}, values)));
    auto inf = openDataset({.sources = {(root / "inf.npy").string()}}, model);
    QVERIFY(!inf);
    VERIFY_MENTIONS(inf.error(), "Inf at index [0,0,2]");
}

void TestDataset::corruptFilesNeverCrash_data()
{
    QTest::addColumn<QString>("file");
    for (const char* name : {"stored.npz", "deflated.npz", "photo.jpg", "pattern.png", "pattern.bmp"})
        QTest::newRow(name) << name;
}

void TestDataset::corruptFilesNeverCrash()
{
    QFETCH(QString, file);
    auto mapped = MappedFile::open(fixture(file.toStdString()));
    QVERIFY(mapped);
    const std::vector<std::byte> original((*mapped)->bytes().begin(), (*mapped)->bytes().end());
    const bool archive = file.endsWith(".npz");
    auto parse = [archive](std::span<const std::byte> bytes) {
        return archive ? bool(parseNpz(bytes, "x.npz")) : bool(decodeImage(bytes, "x"));
    };
    QVERIFY(parse(original));
    for (std::size_t length = 0; length < original.size(); ++length)
        parse(std::span(original).first(length)); // errors or (for images) partial decodes; never a crash
    std::mt19937 generator(3);
    for (int trial = 0; trial < 3000; ++trial) {
        std::vector<std::byte> corrupted = original;
        for (int flips = 0; flips < 1 + trial % 4; ++flips)
            corrupted[generator() % corrupted.size()] = std::byte(generator() & 0xff);
        parse(corrupted);
    }
    if (file.endsWith(".jpg")) { // stb 2.27 overflows on Huffman tables with more than 256 symbols
        std::vector<std::byte> oversized = original;
        for (std::size_t i = 0; i + 21 < oversized.size(); ++i) {
            if (oversized[i] == std::byte{0xff} && oversized[i + 1] == std::byte{0xc4}) {
                std::fill_n(oversized.begin() + static_cast<std::ptrdiff_t>(i) + 5, 16, std::byte{0xff});
                break;
            }
        }
        auto refused = decodeImage(oversized, "x.jpg");
        QVERIFY(!refused);
        VERIFY_MENTIONS(refused.error(), "Huffman table with 4080 symbols");
    }
    if (archive) { // a flipped byte anywhere in the data is caught by the CRC or the npy header checks
        std::vector<std::byte> corrupted = original;
        corrupted[corrupted.size() / 3] ^= std::byte{0x40};
        QVERIFY(!parseNpz(corrupted, "x.npz"));
    }
}

QTEST_GUILESS_MAIN(TestDataset)
#include "tst_dataset.moc"
