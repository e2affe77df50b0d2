<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>lf::ui::ErrorPresenter</name>
    <message>
        <source>The request is not valid.</source>
        <translation>Die Anfrage ist ungültig.</translation>
    </message>
    <message>
        <source>The file could not be read or written.</source>
        <translation>Die Datei konnte nicht gelesen oder geschrieben werden.</translation>
    </message>
    <message>
        <source>The file is not a valid model.</source>
        <translation>Die Datei ist kein gültiges Modell.</translation>
    </message>
    <message>
        <source>The model uses an operator that is not supported.</source>
        <translation>Das Modell verwendet einen nicht unterstützten Operator.</translation>
    </message>
    <message>
        <source>The model uses a feature that is not supported yet.</source>
        <translation>Das Modell verwendet eine noch nicht unterstützte Funktion.</translation>
    </message>
    <message>
        <source>Tensor shapes or types do not match.</source>
        <translation>Tensorformen oder -typen passen nicht zusammen.</translation>
    </message>
    <message>
        <source>The operation was cancelled.</source>
        <translation>Der Vorgang wurde abgebrochen.</translation>
    </message>
    <message>
        <source>An internal error occurred.</source>
        <translation>Ein interner Fehler ist aufgetreten.</translation>
    </message>
    <message>
        <source>An unknown error occurred.</source>
        <translation>Ein unbekannter Fehler ist aufgetreten.</translation>
    </message>
</context>
<context>
    <name>lf::ui::MainWindow</name>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Graph</source>
        <translation>Graph</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>Inspektor</translation>
    </message>
    <message>
        <source>&amp;Inspector</source>
        <translation>&amp;Inspektor</translation>
    </message>
    <message>
        <source>LiteForge</source>
        <translation>LiteForge</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Öffnen…</translation>
    </message>
    <message>
        <source>Open a model file or folder</source>
        <translation>Eine Modelldatei oder einen Ordner öffnen</translation>
    </message>
    <message>
        <source>&amp;Clear Menu</source>
        <translation>Menü &amp;leeren</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;About LiteForge</source>
        <translation>&amp;Über LiteForge</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>%1 — LiteForge</source>
        <translation>%1 — LiteForge</translation>
    </message>
    <message>
        <source>%1 — %2 nodes — loaded in %3 ms</source>
        <translation>%1 — %2 Knoten — geladen in %3 ms</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Open Model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <source>Models (*.tflite *.onnx *.h5 *.keras *.pb *.cfg *.weights);;TensorFlow Lite (*.tflite);;ONNX (*.onnx);;Keras (*.h5 *.keras);;TensorFlow (*.pb);;Darknet (*.cfg *.weights);;All files (*)</source>
        <translation>Modelle (*.tflite *.onnx *.h5 *.keras *.pb *.cfg *.weights);;TensorFlow Lite (*.tflite);;ONNX (*.onnx);;Keras (*.h5 *.keras);;TensorFlow (*.pb);;Darknet (*.cfg *.weights);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&lt;h3&gt;LiteForge %1&lt;/h3&gt;&lt;p&gt;Inspect trained models and convert them to TensorFlow Lite.&lt;/p&gt;&lt;p&gt;Licensed under the GNU General Public License, version 3 or later (GPL-3.0-or-later).&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LiteForge %1&lt;/h3&gt;&lt;p&gt;Trainierte Modelle untersuchen und nach TensorFlow Lite konvertieren.&lt;/p&gt;&lt;p&gt;Lizenziert unter der GNU General Public License, Version 3 oder später (GPL-3.0-or-later).&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2, läuft mit Qt %3.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About LiteForge</source>
        <translation>Über LiteForge</translation>
    </message>
</context>
<context>
    <name>lf::ui::ModelPage</name>
    <message>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>Ausgaben</translation>
    </message>
    <message>
        <source>Filter nodes by type, name or tensor type</source>
        <translation>Knoten nach Typ, Name oder Tensortyp filtern</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Tensors</source>
        <translation>Tensoren</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Graphs</source>
        <translation>Graphen</translation>
    </message>
</context>
<context>
    <name>lf::ui::NodeListModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>Ausgaben</translation>
    </message>
    <message>
        <source>(omitted)</source>
        <translation>(ausgelassen)</translation>
    </message>
    <message>
        <source>(constant)</source>
        <translation>(Konstante)</translation>
    </message>
    <message>
        <source>Inputs:</source>
        <translation>Eingaben:</translation>
    </message>
    <message>
        <source>Outputs:</source>
        <translation>Ausgaben:</translation>
    </message>
    <message>
        <source>Attributes:</source>
        <translation>Attribute:</translation>
    </message>
</context>
<context>
    <name>lf::ui::StartPage</name>
    <message>
        <source>LiteForge</source>
        <translation>LiteForge</translation>
    </message>
    <message>
        <source>Inspect models and convert them to TensorFlow Lite.</source>
        <translation>Modelle untersuchen und nach TensorFlow Lite konvertieren.</translation>
    </message>
    <message>
        <source>Open Model…</source>
        <translation>Modell öffnen…</translation>
    </message>
    <message>
        <source>Drop a model file or folder here</source>
        <translation>Modelldatei oder Ordner hierher ziehen</translation>
    </message>
    <message>
        <source>No recent files yet.</source>
        <translation>Noch keine zuletzt geöffneten Dateien.</translation>
    </message>
    <message>
        <source>No sample models found.</source>
        <translation>Keine Beispielmodelle gefunden.</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Beispiele</translation>
    </message>
</context>
<context>
    <name>lf::ui::GraphView</name>
    <message>
        <source>Find node, op type or tensor</source>
        <translation>Knoten, Op-Typ oder Tensor suchen</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>Vorheriger Treffer (Umschalt+Eingabe)</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>Nächster Treffer (Eingabe)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Schließen (Esc)</translation>
    </message>
    <message>
        <source>0/0</source>
        <translation>0/0</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG-Bilder (*.svg)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Export SVG</source>
        <translation>SVG exportieren</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>PNG exportieren</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Fit to Window</source>
        <translation>An Fenster anpassen</translation>
    </message>
    <message>
        <source>Zoom In</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Actual Size</source>
        <translation>Originalgröße</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>Suchen…</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>PNG exportieren…</translation>
    </message>
    <message>
        <source>Export SVG…</source>
        <translation>SVG exportieren…</translation>
    </message>
</context>
<context>
    <name>lf::ui::HistogramPlot</name>
    <message>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
</context>
<context>
    <name>lf::ui::NodeInspector</name>
    <message>
        <source>not quantized</source>
        <translation>nicht quantisiert</translation>
    </message>
    <message>
        <source>scale %1, zero point %2</source>
        <translation>Skala %1, Nullpunkt %2</translation>
    </message>
    <message>
        <source>%1 scales on axis %2, min %3, max %4, zero point %5</source>
        <translation>%1 Skalen auf Achse %2, min. %3, max. %4, Nullpunkt %5</translation>
    </message>
    <message>
        <source>Attribute</source>
        <translation>Attribut</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation>Tensor</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>Index</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <source>Real</source>
        <translation>Reell</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>Attribute</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>Ausgaben</translation>
    </message>
    <message>
        <source>Select a node in the graph or the node table.</source>
        <translation>Wählen Sie einen Knoten im Graphen oder in der Knotentabelle.</translation>
    </message>
    <message>
        <source>(omitted)</source>
        <translation>(ausgelassen)</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>konstant</translation>
    </message>
    <message>
        <source>Quantization: %1</source>
        <translation>Quantisierung: %1</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>scale</source>
        <translation>Skala</translation>
    </message>
    <message>
        <source>min %1 · max %2 · mean %3 · std %4 · zeros %5 of %6</source>
        <translation>min. %1 · max. %2 · Mittelwert %3 · Std.-Abw. %4 · Nullen %5 von %6</translation>
    </message>
    <message>
        <source>(dequantized)</source>
        <translation>(dequantisiert)</translation>
    </message>
    <message>
        <source>(first %1 elements)</source>
        <translation>(erste %1 Elemente)</translation>
    </message>
    <message>
        <source>real value</source>
        <translation>reeller Wert</translation>
    </message>
    <message>
        <source>value</source>
        <translation>Wert</translation>
    </message>
</context>
</TS>
