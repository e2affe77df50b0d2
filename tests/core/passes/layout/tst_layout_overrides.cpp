// SPDX-License-Identifier: GPL-3.0-or-later
// The user's layout overrides on the PyTorch fixtures (tests/data/onnx/make_fixtures.py): a kept
// input or output has its NCHW shape in the converted model, a tensor marked as not an image keeps
// its NCHW shape and the transposes stop around it; the converted model, run in LiteRT and in our
// interpreter on the fixture's input, still gives PyTorch's output (1e-4 of max|reference|), and
// each decision is a "user override" event. Names the model does not have are refused.
#include "core/base/npy.h"
#include "core/convert/convert.h"
#include "core/tflite/tflite_writer.h"
#include "tests/support/model_runner.h"
#include "tests/support/runtime_runner.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace lf;
using passes::RewriteKind;

namespace {

constexpr double kRelative = 1e-4;
constexpr double kAbsolute = 1e-5;

QString fixture(const QString& name, const QString& suffix)
{
    return test::binaryDir() + QStringLiteral("/tests/data/onnx/") + name + suffix;
}

const ir::Tensor& tensorAt(const ir::Model& model, ir::TensorId id)
{
    return model.main().tensors[static_cast<std::size_t>(id)];
}

std::vector<std::int64_t> shapeOf(const ir::Model& model, const std::string& name)
{
    const ir::TensorId id = model.main().findTensor(name);
    return id < 0 ? std::vector<std::int64_t> {} : tensorAt(model, id).shape.extents();
}

/// [0, 2, ..., 1] for a channels-last shape made from `shape`.
std::vector<int> channelsLast(std::size_t rank)
{
    std::vector<int> perm { 0 };
    for (int d = 2; d < static_cast<int>(rank); ++d)
        perm.push_back(d);
    perm.push_back(1);
    return perm;
}

std::vector<int> channelsFirst(std::size_t rank)
{
    std::vector<int> perm { 0, static_cast<int>(rank) - 1 };
    for (int d = 1; d + 1 < static_cast<int>(rank); ++d)
        perm.push_back(d);
    return perm;
}

/// `array` (source layout) as `tensor` takes it: as is, or channels-last.
NpyArray toModelLayout(const NpyArray& array, const ir::Tensor& tensor)
{
    return tensor.shape.extents() == array.shape
        ? array
        : test::permuteArray(array, channelsLast(array.shape.size()));
}

/// `ours` in the reference's (source) layout.
NpyArray toSourceLayout(const NpyArray& ours, const std::vector<std::int64_t>& reference)
{
    return ours.shape == reference ? ours
                                   : test::permuteArray(ours, channelsFirst(ours.shape.size()));
}

/// Why `actual` differs from `expected` beyond kRelative * max|expected| + kAbsolute; empty if not.
QString difference(const NpyArray& actual, const NpyArray& expected)
{
    const NpyArray ours = toSourceLayout(actual, expected.shape);
    if (ours.shape != expected.shape)
        return QStringLiteral("shape mismatch");
    const std::vector<double> a = test::toDoubles(ours);
    const std::vector<double> e = test::toDoubles(expected);
    double error = 0;
    double magnitude = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        error = std::max(error, std::isfinite(a[i]) ? std::abs(a[i] - e[i]) : INFINITY);
        magnitude = std::max(magnitude, std::abs(e[i]));
    }
    if (error <= kRelative * magnitude + kAbsolute)
        return {};
    return QStringLiteral("max abs error %1, max|ref| %2").arg(error).arg(magnitude);
}

int transposeCount(const ir::Model& model)
{
    return static_cast<int>(
        std::ranges::count(model.main().nodes, ir::OpKind::Transpose, &ir::Node::op));
}

std::vector<passes::RewriteEvent> overrideEvents(const passes::RewriteLog& log)
{
    std::vector<passes::RewriteEvent> events;
    std::ranges::copy_if(log.events(), std::back_inserter(events),
        [](const passes::RewriteEvent& event) { return event.kind == RewriteKind::UserOverride; });
    return events;
}

/// Converts fixture `name` with `layout`; skips when the fixture is missing.
std::optional<Conversion> convert(const QString& name, const passes::LayoutOverrides& layout)
{
    ConvertOptions options;
    options.layout = layout;
    NullTaskContext context;
    Result<Conversion> conversion
        = convertModel(fixture(name, QStringLiteral(".onnx")).toStdString(), options, context);
    if (!conversion) {
        qWarning("%s", conversion.error().toString().c_str());
        return std::nullopt;
    }
    return std::move(*conversion);
}

/// Runs `model` in LiteRT and in our interpreter on the fixture's input; why an output differs
/// from PyTorch's, or an empty string.
QString matchesPyTorch(const QString& name, const ir::Model& model)
{
    const Result<NpyArray> input
        = readNpy(fixture(name, QStringLiteral(".input.npy")).toStdString());
    const Result<NpyArray> expected
        = readNpy(fixture(name, QStringLiteral(".output.npy")).toStdString());
    if (!input || !expected)
        return QStringLiteral("cannot read the fixture's arrays");
    const std::vector<NpyArray> inputs { toModelLayout(
        *input, tensorAt(model, model.main().inputs[0])) };
    QTemporaryDir folder;
    const QString path = folder.filePath(name + QStringLiteral(".tflite"));
    if (!tflite::writeTfliteFile(model, path.toStdString()))
        return QStringLiteral("cannot write the .tflite");
    const test::RuntimeRun liteRt = test::runInRealRuntime(path, inputs);
    if (!liteRt.ok)
        return QStringLiteral("LiteRT: ") + liteRt.error;
    if (QString why = difference(liteRt.outputs.front(), *expected); !why.isEmpty())
        return QStringLiteral("LiteRT: ") + why;
    const Result<std::vector<NpyArray>> ours = test::runInterpreter(model, inputs);
    if (!ours)
        return QString::fromStdString(ours.error().toString());
    if (QString why = difference(ours->front(), *expected); !why.isEmpty())
        return QStringLiteral("interpreter: ") + why;
    return {};
}

} // namespace

class TestLayoutOverrides final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void keepsInput_data();
    void keepsInput();
    void keepsOutput();
    void notImage_data();
    void notImage();
    void refusesUnknownNames_data();
    void refusesUnknownNames();
};

void TestLayoutOverrides::init()
{
    if (!QFileInfo::exists(fixture(QStringLiteral("unet_small"), QStringLiteral(".onnx"))))
        QSKIP("the ONNX fixtures are missing: run `ctest -R onnx_fixtures` first");
}

void TestLayoutOverrides::keepsInput_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("imageOutputs"); ///< rank-4 outputs, still made channels-last
    QTest::newRow("mobilenet_v2") << QStringLiteral("mobilenet_v2") << 0;
    QTest::newRow("unet_small") << QStringLiteral("unet_small") << 1;
}

void TestLayoutOverrides::keepsInput()
{
    QFETCH(QString, model);
    QFETCH(int, imageOutputs);
    const auto plain = convert(model, {});
    const auto kept = convert(model, { .keepLayout = { "input" } });
    QVERIFY(plain && kept);
    const std::vector<std::int64_t> source = shapeOf(kept->imported, "input");
    QCOMPARE(source.size(), std::size_t { 4 });
    QCOMPARE(shapeOf(kept->converted, "input"), source);
    QCOMPARE(shapeOf(plain->converted, "input"),
        (std::vector<std::int64_t> { source[0], source[2], source[3], source[1] }));
    // The kept input's one transpose to channels-last is all that is left.
    QCOMPARE(transposeCount(plain->converted), 0);
    QCOMPARE(transposeCount(kept->converted), 1);
    QCOMPARE(kept->log.count(RewriteKind::IoLayoutChanged), std::size_t(imageOutputs));
    const auto events = overrideEvents(kept->log);
    QCOMPARE(events.size(), std::size_t { 1 });
    QCOMPARE(events.front().sources, std::vector<std::string> { "input" });
    QVERIFY2(events.front().detail.find("kept channels-first") != std::string::npos
            && events.front().detail.find("user override") != std::string::npos,
        events.front().detail.c_str());
    const QString mismatch = matchesPyTorch(model, kept->converted);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void TestLayoutOverrides::keepsOutput()
{
    const auto kept = convert(QStringLiteral("unet_small"), { .keepLayout = { "output" } });
    QVERIFY(kept);
    QCOMPARE(shapeOf(kept->converted, "output"), shapeOf(kept->imported, "output"));
    QCOMPARE(kept->converted.main().inputs.size(), std::size_t { 1 });
    QCOMPARE(tensorAt(kept->converted, kept->converted.main().inputs[0]).layout, ir::Layout::NHWC);
    QCOMPARE(transposeCount(kept->converted), 1);
    QCOMPARE(overrideEvents(kept->log).size(), std::size_t { 1 });
    const QString mismatch = matchesPyTorch(QStringLiteral("unet_small"), kept->converted);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void TestLayoutOverrides::notImage_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("tensor");
    QTest::addColumn<QString>("producer"); ///< the op making the tensor in the converted graph
    // The first ReLU's output, read by a max pool and by the last skip-connection concat.
    QTest::newRow("unet_small relu")
        << QStringLiteral("unet_small") << QStringLiteral("/enc1/enc1.2/Relu_output_0")
        << QStringLiteral("Relu");
    // A residual sum of the inverted bottlenecks.
    QTest::newRow("mobilenet_v2 residual add")
        << QStringLiteral("mobilenet_v2") << QStringLiteral("/features/features.3/Add_output_0")
        << QStringLiteral("Add");
}

void TestLayoutOverrides::notImage()
{
    QFETCH(QString, model);
    QFETCH(QString, tensor);
    QFETCH(QString, producer);
    const std::string name = tensor.toStdString();
    const auto plain = convert(model, {});
    const auto marked = convert(model, { .notImage = { name } });
    QVERIFY(plain && marked);
    const std::vector<std::int64_t> source = shapeOf(marked->imported, name);
    QCOMPARE(source.size(), std::size_t { 4 });
    QCOMPARE(shapeOf(marked->converted, name), source);
    QVERIFY(shapeOf(plain->converted, name) != source); // channels-last without the override
    // It is made from, and read through, transposes that stayed.
    const ir::Graph& graph = marked->converted.main();
    const ir::TensorId id = graph.findTensor(name);
    const std::vector<ir::NodeId> producers = graph.producers();
    const ir::Node& made
        = graph.nodes[static_cast<std::size_t>(producers[static_cast<std::size_t>(id)])];
    QCOMPARE(QString::fromStdString(made.typeName()), producer);
    QVERIFY(std::ranges::any_of(made.inputs, [&](ir::TensorId input) {
        const ir::NodeId from = producers[static_cast<std::size_t>(input)];
        return from >= 0 && graph.nodes[static_cast<std::size_t>(from)].op == ir::OpKind::Transpose;
    }));
    QCOMPARE(transposeCount(plain->converted), 0);
    QVERIFY(transposeCount(marked->converted) >= 2);
    qInfo("%d transposes stay around '%s'", transposeCount(marked->converted), name.c_str());
    const auto events = overrideEvents(marked->log);
    QVERIFY(!events.empty());
    for (const passes::RewriteEvent& event : events)
        QVERIFY2(event.detail.find("'" + name + "' is not an image (user override)")
                != std::string::npos,
            event.detail.c_str());
    const QString mismatch = matchesPyTorch(model, marked->converted);
    QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
}

void TestLayoutOverrides::refusesUnknownNames_data()
{
    QTest::addColumn<QString>("keep");
    QTest::addColumn<QString>("notImage");
    QTest::addColumn<QString>("message");
    QTest::newRow("keep an unknown name") << "nope"
                                          << ""
                                          << "'nope', which is not a graph input or output";
    QTest::newRow("keep an inner tensor")
        << "/MaxPool_output_0"
        << ""
        << "'/MaxPool_output_0', which is not a graph input or output";
    QTest::newRow("not-image unknown") << ""
                                       << "nope"
                                       << "'nope', which is no tensor of the model";
}

void TestLayoutOverrides::refusesUnknownNames()
{
    QFETCH(QString, keep);
    QFETCH(QString, notImage);
    QFETCH(QString, message);
    ConvertOptions options;
    if (!keep.isEmpty())
        options.layout.keepLayout.insert(keep.toStdString());
    if (!notImage.isEmpty())
        options.layout.notImage.insert(notImage.toStdString());
    NullTaskContext context;
    const Result<Conversion> conversion
        = convertModel(fixture(QStringLiteral("unet_small"), QStringLiteral(".onnx")).toStdString(),
            options, context);
    QVERIFY(!conversion);
    QCOMPARE(conversion.error().code, ErrorCode::InvalidArgument);
    QVERIFY2(conversion.error().message.find(message.toStdString()) != std::string::npos,
        conversion.error().message.c_str());
}

QTEST_GUILESS_MAIN(TestLayoutOverrides)
#include "tst_layout_overrides.moc"
