<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message numerus="yes">
        <location filename="../widgets/graph_view/graph_groups.cpp" line="36"/>
        <source>%n ops</source>
        <translation>
            <numerusform>%n Op</numerusform>
            <numerusform>%n Ops</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_groups.cpp" line="224"/>
        <source>Block</source>
        <translation>Block</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_groups.cpp" line="231"/>
        <source>Repeated block %1/%2</source>
        <translation>Wiederholter Block %1/%2</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/group_item.cpp" line="57"/>
        <source>%1
%2
Double-click to expand</source>
        <translation>%1
%2
Doppelklick zum Aufklappen</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/group_item.cpp" line="153"/>
        <source>%1: click − to collapse</source>
        <translation>%1: − klicken zum Zuklappen</translation>
    </message>
</context>
<context>
    <name>lf::ui</name>
    <message>
        <location filename="../widgets/quantization/layer_metric.cpp" line="20"/>
        <source>isolated (layer alone)</source>
        <translation>isoliert (Schicht allein)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_metric.cpp" line="20"/>
        <source>accumulated (end to end)</source>
        <translation>akkumuliert (durchgehend)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_metric.cpp" line="25"/>
        <source>isolated</source>
        <translation>isoliert</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_metric.cpp" line="25"/>
        <source>accumulated</source>
        <translation>akkumuliert</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_metric.cpp" line="55"/>
        <source>RMSE / scale</source>
        <translation>RMSE / Skala</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_metric.cpp" line="56"/>
        <source>SQNR</source>
        <translation>SQNR</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_metric.cpp" line="57"/>
        <source>Cosine distance</source>
        <translation>Kosinusabstand</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_metric.cpp" line="58"/>
        <source>Max abs error</source>
        <translation>Max. abs. Fehler</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_metric.cpp" line="59"/>
        <source>MSE</source>
        <translation>MSE</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_metric.cpp" line="67"/>
        <source>RMSE / scale (steps)</source>
        <translation>RMSE / Skala (Stufen)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_metric.cpp" line="68"/>
        <source>SQNR (dB, higher is better)</source>
        <translation>SQNR (dB, höher ist besser)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_metric.cpp" line="69"/>
        <source>1 − cosine similarity</source>
        <translation>1 − Kosinusähnlichkeit</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_metric.cpp" line="70"/>
        <source>max |float − dequantized|</source>
        <translation>max |float − dequantisiert|</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_metric.cpp" line="71"/>
        <source>mean squared error</source>
        <translation>mittlerer quadratischer Fehler</translation>
    </message>
</context>
<context>
    <name>lf::ui::ConversionJob</name>
    <message>
        <location filename="../widgets/wizards/conversion_job.cpp" line="112"/>
        <source>The written model has integer inputs; the float model before quantization was validated instead.</source>
        <translation>Das geschriebene Modell hat Ganzzahl-Eingaben; stattdessen wurde das Float-Modell vor der Quantisierung validiert.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/conversion_job.cpp" line="121"/>
        <source>Seeded random inputs.</source>
        <translation>Zufallseingaben mit festem Startwert.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/conversion_job.cpp" line="122"/>
        <source>Validated on the first calibration sample, preprocessed as chosen on the Inputs page.</source>
        <translation>Validiert mit dem ersten Kalibrierungsbeispiel, vorverarbeitet wie auf der Seite „Eingaben“ gewählt.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/conversion_job.cpp" line="166"/>
        <source>Export from PyTorch</source>
        <translation>Export aus PyTorch</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/conversion_job.cpp" line="169"/>
        <source>Import and convert</source>
        <translation>Importieren und konvertieren</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/conversion_job.cpp" line="171"/>
        <source>Validate</source>
        <translation>Validieren</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/conversion_job.cpp" line="173"/>
        <source>Calibrate and quantize</source>
        <translation>Kalibrieren und quantisieren</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/conversion_job.cpp" line="175"/>
        <source>Write .tflite</source>
        <translation>.tflite schreiben</translation>
    </message>
</context>
<context>
    <name>lf::ui::ConversionWizard</name>
    <message>
        <location filename="../widgets/wizards/conversion_wizard.cpp" line="19"/>
        <source>Convert to TensorFlow Lite</source>
        <translation>Nach TensorFlow Lite konvertieren</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/conversion_wizard.cpp" line="39"/>
        <source>&amp;Convert</source>
        <translation>&amp;Konvertieren</translation>
    </message>
</context>
<context>
    <name>lf::ui::CoveragePage</name>
    <message>
        <location filename="../widgets/wizards/pages/coverage_page.cpp" line="93"/>
        <source>unsupported</source>
        <translation>nicht unterstützt</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/coverage_page.cpp" line="98"/>
        <source>approximated</source>
        <translation>angenähert</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/coverage_page.cpp" line="103"/>
        <source>supported</source>
        <translation>unterstützt</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/coverage_page.cpp" line="128"/>
        <source>Pre-flight check</source>
        <translation>Vorabprüfung</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/coverage_page.cpp" line="130"/>
        <source>Every operator of the model, checked against the converter before anything runs.</source>
        <translation>Jeder Operator des Modells, gegen den Konverter geprüft, bevor etwas ausgeführt wird.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/coverage_page.cpp" line="134"/>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/coverage_page.cpp" line="134"/>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/coverage_page.cpp" line="134"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/coverage_page.cpp" line="134"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/coverage_page.cpp" line="152"/>
        <source>Exporting the model to ONNX with PyTorch, then checking it…</source>
        <translation>Das Modell wird mit PyTorch nach ONNX exportiert und dann geprüft…</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/coverage_page.cpp" line="153"/>
        <source>Checking the model…</source>
        <translation>Das Modell wird geprüft…</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/coverage_page.cpp" line="233"/>
        <source>The check failed: %1</source>
        <translation>Die Prüfung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/coverage_page.cpp" line="236"/>
        <source>%1 operator type(s) cannot be converted; see the reasons below.</source>
        <translation>%1 Operatortyp(en) können nicht konvertiert werden; die Gründe stehen unten.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/coverage_page.cpp" line="238"/>
        <source>All %1 nodes (%2 operator types) can be converted; %3 operator type(s) with approximated numbers, see the reasons below. %4</source>
        <translation>Alle %1 Knoten (%2 Operatortypen) können konvertiert werden; %3 Operatortyp(en) mit angenäherten Zahlen, die Gründe stehen unten. %4</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/coverage_page.cpp" line="245"/>
        <source>All %1 nodes (%2 operator types) can be converted. %3</source>
        <translation>Alle %1 Knoten (%2 Operatortypen) können konvertiert werden. %3</translation>
    </message>
</context>
<context>
    <name>lf::ui::DiagnosticsModel</name>
    <message>
        <location filename="../widgets/models/diagnostics_model.cpp" line="122"/>
        <source>Severity</source>
        <translation>Schweregrad</translation>
    </message>
    <message>
        <location filename="../widgets/models/diagnostics_model.cpp" line="123"/>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../widgets/models/diagnostics_model.cpp" line="124"/>
        <source>Location</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location filename="../widgets/models/diagnostics_model.cpp" line="125"/>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <location filename="../widgets/models/diagnostics_model.cpp" line="144"/>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <location filename="../widgets/models/diagnostics_model.cpp" line="145"/>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location filename="../widgets/models/diagnostics_model.cpp" line="146"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>lf::ui::DiagnosticsPanel</name>
    <message>
        <location filename="../app/gui/diagnostics_panel.cpp" line="37"/>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <location filename="../app/gui/diagnostics_panel.cpp" line="38"/>
        <source>Remove all messages from the log</source>
        <translation>Alle Meldungen aus dem Protokoll entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/diagnostics_panel.cpp" line="70"/>
        <source>No warnings or errors.</source>
        <translation>Keine Warnungen oder Fehler.</translation>
    </message>
    <message>
        <location filename="../app/gui/diagnostics_panel.cpp" line="72"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <location filename="../app/gui/diagnostics_panel.cpp" line="72"/>
        <source>1 warning</source>
        <translation>1 Warnung</translation>
    </message>
    <message>
        <location filename="../app/gui/diagnostics_panel.cpp" line="72"/>
        <source>%1 warnings</source>
        <translation>%1 Warnungen</translation>
    </message>
    <message>
        <location filename="../app/gui/diagnostics_panel.cpp" line="73"/>
        <source>1 error</source>
        <translation>1 Fehler</translation>
    </message>
    <message>
        <location filename="../app/gui/diagnostics_panel.cpp" line="73"/>
        <source>%1 errors</source>
        <translation>%1 Fehler</translation>
    </message>
</context>
<context>
    <name>lf::ui::ErrorPresenter</name>
    <message>
        <location filename="../widgets/common/error_presenter.cpp" line="13"/>
        <source>The request is not valid.</source>
        <translation>Die Anfrage ist ungültig.</translation>
    </message>
    <message>
        <location filename="../widgets/common/error_presenter.cpp" line="14"/>
        <source>The file could not be read or written.</source>
        <translation>Die Datei konnte nicht gelesen oder geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../widgets/common/error_presenter.cpp" line="15"/>
        <source>The file is not a valid model.</source>
        <translation>Die Datei ist kein gültiges Modell.</translation>
    </message>
    <message>
        <location filename="../widgets/common/error_presenter.cpp" line="16"/>
        <source>The model uses an operator that is not supported.</source>
        <translation>Das Modell verwendet einen nicht unterstützten Operator.</translation>
    </message>
    <message>
        <location filename="../widgets/common/error_presenter.cpp" line="18"/>
        <source>The model uses a feature that is not supported yet.</source>
        <translation>Das Modell verwendet eine noch nicht unterstützte Funktion.</translation>
    </message>
    <message>
        <location filename="../widgets/common/error_presenter.cpp" line="19"/>
        <source>Tensor shapes or types do not match.</source>
        <translation>Tensorformen oder -typen passen nicht zusammen.</translation>
    </message>
    <message>
        <location filename="../widgets/common/error_presenter.cpp" line="20"/>
        <source>The operation was cancelled.</source>
        <translation>Der Vorgang wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../widgets/common/error_presenter.cpp" line="21"/>
        <source>An internal error occurred.</source>
        <translation>Ein interner Fehler ist aufgetreten.</translation>
    </message>
    <message>
        <location filename="../widgets/common/error_presenter.cpp" line="23"/>
        <source>An unknown error occurred.</source>
        <translation>Ein unbekannter Fehler ist aufgetreten.</translation>
    </message>
</context>
<context>
    <name>lf::ui::GraphView</name>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="294"/>
        <source>Find node, op type or tensor</source>
        <translation>Knoten, Op-Typ oder Tensor suchen</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="301"/>
        <source>Previous match (Shift+Enter)</source>
        <translation>Vorheriger Treffer (Umschalt+Eingabe)</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="304"/>
        <source>Next match (Enter)</source>
        <translation>Nächster Treffer (Eingabe)</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="307"/>
        <source>Close (Esc)</source>
        <translation>Schließen (Esc)</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="357"/>
        <source>Collapse</source>
        <translation>Zuklappen</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="357"/>
        <source>Collapse all groups (name scopes or repeated blocks)</source>
        <translation>Alle Gruppen zuklappen (Namensbereiche oder wiederholte Blöcke)</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="358"/>
        <source>Expand</source>
        <translation>Aufklappen</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="358"/>
        <source>Expand all groups</source>
        <translation>Alle Gruppen aufklappen</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="359"/>
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="359"/>
        <source>Show the overview in the bottom-right corner</source>
        <translation>Die Übersicht in der unteren rechten Ecke zeigen</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="377"/>
        <source>Left → right</source>
        <translation>Links → rechts</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="377"/>
        <source>Top ↓ down</source>
        <translation>Oben ↓ unten</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="378"/>
        <source>Layout runs left to right; click for top to bottom</source>
        <translation>Das Layout verläuft von links nach rechts; klicken für oben nach unten</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="379"/>
        <source>Layout runs top to bottom; click for left to right</source>
        <translation>Das Layout verläuft von oben nach unten; klicken für links nach rechts</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="495"/>
        <source>0/0</source>
        <translation>0/0</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="525"/>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="567"/>
        <source>SVG images (*.svg)</source>
        <translation>SVG-Bilder (*.svg)</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="567"/>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="568"/>
        <source>Export SVG</source>
        <translation>SVG exportieren</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="568"/>
        <source>Export PNG</source>
        <translation>PNG exportieren</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="573"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="573"/>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="580"/>
        <source>Fit to Window</source>
        <translation>An Fenster anpassen</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="581"/>
        <source>Zoom In</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="582"/>
        <source>Zoom Out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="583"/>
        <source>Actual Size</source>
        <translation>Originalgröße</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="585"/>
        <source>Left-to-Right Layout</source>
        <translation>Layout von links nach rechts</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="590"/>
        <source>Show Minimap</source>
        <translation>Übersichtskarte zeigen</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="597"/>
        <source>Find…</source>
        <translation>Suchen…</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="599"/>
        <source>Export PNG…</source>
        <translation>PNG exportieren…</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="600"/>
        <source>Export SVG…</source>
        <translation>SVG exportieren…</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="611"/>
        <source>Expand “%1”</source>
        <translation>„%1“ aufklappen</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/graph_view/graph_view.cpp" line="618"/>
        <source>Collapse “%1” (%n ops)</source>
        <translation>
            <numerusform>„%1“ zuklappen (%n Op)</numerusform>
            <numerusform>„%1“ zuklappen (%n Ops)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="622"/>
        <source>Collapse All Groups</source>
        <translation>Alle Gruppen zuklappen</translation>
    </message>
    <message>
        <location filename="../widgets/graph_view/graph_view.cpp" line="623"/>
        <source>Expand All Groups</source>
        <translation>Alle Gruppen aufklappen</translation>
    </message>
</context>
<context>
    <name>lf::ui::HeatLegend</name>
    <message>
        <location filename="../widgets/quantization/heat_map.cpp" line="95"/>
        <source>%1 (good)</source>
        <translation>%1 (gut)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/heat_map.cpp" line="96"/>
        <source>%1 (bad)</source>
        <translation>%1 (schlecht)</translation>
    </message>
</context>
<context>
    <name>lf::ui::HistogramOverlayPlot</name>
    <message>
        <location filename="../widgets/quantization/histogram_overlay_plot.cpp" line="53"/>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/histogram_overlay_plot.cpp" line="54"/>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/histogram_overlay_plot.cpp" line="57"/>
        <source>float</source>
        <translation>Float</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/histogram_overlay_plot.cpp" line="61"/>
        <source>dequantized</source>
        <translation>dequantisiert</translation>
    </message>
</context>
<context>
    <name>lf::ui::HistogramPlot</name>
    <message>
        <location filename="../widgets/plotting/histogram_plot.cpp" line="61"/>
        <source>count</source>
        <translation>Anzahl</translation>
    </message>
</context>
<context>
    <name>lf::ui::ImagePreprocessingBox</name>
    <message>
        <location filename="../widgets/wizards/pages/image_preprocessing_box.cpp" line="47"/>
        <source>Image preprocessing (calibration images and the validation sample)</source>
        <translation>Bildvorverarbeitung (Kalibrierungsbilder und das Validierungsbeispiel)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/image_preprocessing_box.cpp" line="52"/>
        <source>[0, 1]: pixel / 255</source>
        <translation>[0, 1]: Pixel / 255</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/image_preprocessing_box.cpp" line="54"/>
        <source>[-1, 1]: pixel / 127.5 − 1</source>
        <translation>[-1, 1]: Pixel / 127,5 − 1</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/image_preprocessing_box.cpp" line="55"/>
        <source>Mean and standard deviation per channel</source>
        <translation>Mittelwert und Standardabweichung je Kanal</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/image_preprocessing_box.cpp" line="57"/>
        <source>0…255: raw pixel values</source>
        <translation>0…255: rohe Pixelwerte</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/image_preprocessing_box.cpp" line="63"/>
        <source>RGB (gray for one-channel inputs)</source>
        <translation>RGB (Graustufen für einkanalige Eingaben)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/image_preprocessing_box.cpp" line="64"/>
        <source>BGR</source>
        <translation>BGR</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/image_preprocessing_box.cpp" line="70"/>
        <source>Three values on the [0, 1] scale, in the model&apos;s channel order (ImageNet&apos;s by default)</source>
        <translation>Drei Werte auf der Skala [0, 1], in der Kanalreihenfolge des Modells (standardmäßig die von ImageNet)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/image_preprocessing_box.cpp" line="75"/>
        <source>Pixel scale:</source>
        <translation>Pixelskala:</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/image_preprocessing_box.cpp" line="76"/>
        <source>Colour order:</source>
        <translation>Farbreihenfolge:</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/image_preprocessing_box.cpp" line="77"/>
        <source>Mean:</source>
        <translation>Mittelwert:</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/image_preprocessing_box.cpp" line="78"/>
        <source>Standard deviation:</source>
        <translation>Standardabweichung:</translation>
    </message>
</context>
<context>
    <name>lf::ui::InputsPage</name>
    <message>
        <location filename="../widgets/wizards/pages/inputs_page.cpp" line="104"/>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/inputs_page.cpp" line="106"/>
        <source>Check the input shapes; edit a shape to pin dimensions the model leaves dynamic.</source>
        <translation>Die Eingabeformen prüfen; eine Form bearbeiten, um Dimensionen festzulegen, die das Modell dynamisch lässt.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/inputs_page.cpp" line="111"/>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/inputs_page.cpp" line="111"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/inputs_page.cpp" line="111"/>
        <source>Shape (editable)</source>
        <translation>Form (bearbeitbar)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/inputs_page.cpp" line="116"/>
        <source>Layout of the converted model&apos;s inputs and outputs</source>
        <translation>Layout der Ein- und Ausgaben des konvertierten Modells</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/inputs_page.cpp" line="118"/>
        <source>NHWC, the TensorFlow Lite convention (feed images as height × width × channels)</source>
        <translation>NHWC, die TensorFlow-Lite-Konvention (Bilder als Höhe × Breite × Kanäle übergeben)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/inputs_page.cpp" line="121"/>
        <source>NCHW, as the source model (the same input arrays as before)</source>
        <translation>NCHW, wie das Quellmodell (dieselben Eingabe-Arrays wie bisher)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/inputs_page.cpp" line="155"/>
        <source>Reading the model&apos;s inputs…</source>
        <translation>Die Eingaben des Modells werden gelesen…</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/inputs_page.cpp" line="192"/>
        <source>The PyTorch export uses the example shapes from the previous page.</source>
        <translation>Der PyTorch-Export verwendet die Beispielformen der vorigen Seite.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/inputs_page.cpp" line="218"/>
        <source>Cannot read the model: %1</source>
        <translation>Das Modell kann nicht gelesen werden: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/wizards/pages/inputs_page.cpp" line="222"/>
        <source>%n input(s).</source>
        <translation>
            <numerusform>%n Eingabe.</numerusform>
            <numerusform>%n Eingaben.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lf::ui::KeepFloatTable</name>
    <message>
        <location filename="../widgets/quantization/keep_float_table.cpp" line="44"/>
        <source>Keep float: node</source>
        <translation>In Float behalten: Knoten</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/keep_float_table.cpp" line="44"/>
        <source>Op</source>
        <translation>Op</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/keep_float_table.cpp" line="44"/>
        <source>Accum.</source>
        <translation>Akkum.</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/keep_float_table.cpp" line="44"/>
        <source>Isol.</source>
        <translation>Isol.</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/keep_float_table.cpp" line="44"/>
        <source>Note</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/keep_float_table.cpp" line="45"/>
        <source>Accumulated RMSE / scale</source>
        <translation>Akkumulierter RMSE / Skala</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/keep_float_table.cpp" line="46"/>
        <source>Isolated RMSE / scale</source>
        <translation>Isolierter RMSE / Skala</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/keep_float_table.cpp" line="52"/>
        <source>Tick Suggestion</source>
        <translation>Vorschlag ankreuzen</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/keep_float_table.cpp" line="53"/>
        <source>Keep in float the nodes the debugger suggests for the flagged layers</source>
        <translation>Die Knoten in Float behalten, die der Debugger für die markierten Schichten vorschlägt</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/keep_float_table.cpp" line="54"/>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/keep_float_table.cpp" line="149"/>
        <source>flagged</source>
        <translation>markiert</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/keep_float_table.cpp" line="151"/>
        <source>suggested</source>
        <translation>vorgeschlagen</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/keep_float_table.cpp" line="157"/>
        <source>(float)</source>
        <translation>(Float)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/keep_float_table.cpp" line="158"/>
        <source>kept in float</source>
        <translation>in Float behalten</translation>
    </message>
</context>
<context>
    <name>lf::ui::LayerDetailView</name>
    <message>
        <location filename="../widgets/quantization/layer_detail_view.cpp" line="48"/>
        <source>Accumulated: the quantized model end to end. Isolated: the layer alone, fed the float model&apos;s inputs.</source>
        <translation>Akkumuliert: das quantisierte Modell durchgehend. Isoliert: die Schicht allein, mit den Eingaben des Float-Modells gespeist.</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_detail_view.cpp" line="56"/>
        <source>Scatter plot values:</source>
        <translation>Werte im Streudiagramm:</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_detail_view.cpp" line="73"/>
        <source>Click a bar in the chart or a node in the graph.</source>
        <translation>Einen Balken im Diagramm oder einen Knoten im Graphen anklicken.</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_detail_view.cpp" line="81"/>
        <source>&lt;b&gt;#%1 %2&lt;/b&gt; (%3)&lt;br&gt;tensor %4</source>
        <translation>&lt;b&gt;#%1 %2&lt;/b&gt; (%3)&lt;br&gt;Tensor %4</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_detail_view.cpp" line="86"/>
        <source>, %1 values per sample</source>
        <translation>, %1 Werte je Beispiel</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_detail_view.cpp" line="88"/>
        <source>node %1
tensor %2</source>
        <translation>Knoten %1
Tensor %2</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_detail_view.cpp" line="92"/>
        <source>scale %1, zero point %2&lt;br&gt;representable [%3, %4]</source>
        <translation>Skala %1, Nullpunkt %2&lt;br&gt;darstellbar [%3, %4]</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_detail_view.cpp" line="100"/>
        <source>, calibrated [%1, %2]</source>
        <translation>, kalibriert [%1, %2]</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_detail_view.cpp" line="102"/>
        <source>&lt;br&gt;float values seen [%1, %2]</source>
        <translation>&lt;br&gt;beobachtete Float-Werte [%1, %2]</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_detail_view.cpp" line="105"/>
        <source>&lt;br&gt;&lt;span style=&apos;color:#c03030&apos;&gt;flagged: RMSE/scale above 0.7&lt;/span&gt;</source>
        <translation>&lt;br&gt;&lt;span style=&apos;color:#c03030&apos;&gt;markiert: RMSE/Skala über 0,7&lt;/span&gt;</translation>
    </message>
</context>
<context>
    <name>lf::ui::LayerErrorChart</name>
    <message>
        <location filename="../widgets/quantization/layer_error_chart.cpp" line="44"/>
        <source>Log scale</source>
        <translation>Logarithmische Skala</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_error_chart.cpp" line="45"/>
        <source>Sort by value</source>
        <translation>Nach Wert sortieren</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_error_chart.cpp" line="47"/>
        <source>Metric:</source>
        <translation>Metrik:</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_error_chart.cpp" line="73"/>
        <source>previous run (accumulated)</source>
        <translation>vorheriger Lauf (akkumuliert)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_error_chart.cpp" line="84"/>
        <source>flag threshold %1</source>
        <translation>Markierungsschwelle %1</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_error_chart.cpp" line="258"/>
        <source>quantized layer (index in graph order), sorted by value</source>
        <translation>quantisierte Schicht (Index in Graphreihenfolge), nach Wert sortiert</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_error_chart.cpp" line="259"/>
        <source>quantized layer (index in graph order)</source>
        <translation>quantisierte Schicht (Index in Graphreihenfolge)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_error_chart.cpp" line="349"/>
        <source>&lt;b&gt;#%1 %2&lt;/b&gt; (%3)&lt;br&gt;tensor %4</source>
        <translation>&lt;b&gt;#%1 %2&lt;/b&gt; (%3)&lt;br&gt;Tensor %4</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_error_chart.cpp" line="354"/>
        <source>&lt;br&gt;%1: RMSE/scale %2, SQNR %3 dB, cos %4, max abs %5, MSE %6</source>
        <translation>&lt;br&gt;%1: RMSE/Skala %2, SQNR %3 dB, cos %4, max. abs. %5, MSE %6</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_error_chart.cpp" line="358"/>
        <source>accumulated</source>
        <translation>akkumuliert</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_error_chart.cpp" line="360"/>
        <source>isolated</source>
        <translation>isoliert</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/layer_error_chart.cpp" line="362"/>
        <source>&lt;br&gt;&lt;span style=&apos;color:#c03030&apos;&gt;flagged&lt;/span&gt;</source>
        <translation>&lt;br&gt;&lt;span style=&apos;color:#c03030&apos;&gt;markiert&lt;/span&gt;</translation>
    </message>
</context>
<context>
    <name>lf::ui::LayoutOverridePanel</name>
    <message>
        <location filename="../widgets/rewrite_inspector/layout_override_panel.cpp" line="41"/>
        <source>select a node in the imported graph</source>
        <translation>einen Knoten im importierten Graphen auswählen</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/layout_override_panel.cpp" line="42"/>
        <source>Keep NCHW</source>
        <translation>NCHW behalten</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/layout_override_panel.cpp" line="43"/>
        <source>Keep this graph input or output in the source layout (NCHW) while the others become channels-last</source>
        <translation>Diese Ein- oder Ausgabe des Graphen im Quell-Layout (NCHW) behalten, während die anderen Kanäle-zuletzt werden</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/layout_override_panel.cpp" line="45"/>
        <source>Treat as non-image</source>
        <translation>Als Nicht-Bild behandeln</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/layout_override_panel.cpp" line="46"/>
        <source>This tensor is not an image (e.g. [batch, heads, seq, dim]): it keeps its layout and no transpose is moved through it</source>
        <translation>Dieser Tensor ist kein Bild (z. B. [batch, heads, seq, dim]): Er behält sein Layout, und keine Transposition wird durch ihn verschoben</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/layout_override_panel.cpp" line="51"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/layout_override_panel.cpp" line="52"/>
        <source>Re-run conversion</source>
        <translation>Konvertierung erneut ausführen</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/layout_override_panel.cpp" line="58"/>
        <source>Tensor:</source>
        <translation>Tensor:</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/layout_override_panel.cpp" line="70"/>
        <source>Layout overrides</source>
        <translation>Layout-Vorgaben</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/layout_override_panel.cpp" line="142"/>
        <source>Keep %1 NCHW</source>
        <translation>%1 in NCHW behalten</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/layout_override_panel.cpp" line="146"/>
        <source>Treat %1 as non-image</source>
        <translation>%1 als Nicht-Bild behandeln</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/layout_override_panel.cpp" line="191"/>
        <source>Not an image: %1</source>
        <translation>Kein Bild: %1</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/layout_override_panel.cpp" line="191"/>
        <source>Keep NCHW: %1</source>
        <translation>NCHW behalten: %1</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/layout_override_panel.cpp" line="208"/>
        <source>Convert the source model again with these overrides</source>
        <translation>Das Quellmodell mit diesen Vorgaben erneut konvertieren</translation>
    </message>
</context>
<context>
    <name>lf::ui::MainWindow</name>
    <message>
        <location filename="../app/gui/main_window.cpp" line="160"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Graph</source>
        <translation type="vanished">Graph</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="222"/>
        <source>Inspector</source>
        <translation>Inspektor</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="225"/>
        <source>&amp;Inspector</source>
        <translation>&amp;Inspektor</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="68"/>
        <location filename="../app/gui/main_window.cpp" line="587"/>
        <source>LiteForge</source>
        <translation>LiteForge</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="95"/>
        <source>&amp;Open…</source>
        <translation>&amp;Öffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="97"/>
        <source>Open a model file or folder</source>
        <translation>Eine Modelldatei oder einen Ordner öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="100"/>
        <source>&amp;Close Model</source>
        <translation>Modell &amp;schließen</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="105"/>
        <source>Export Graph as &amp;PNG…</source>
        <translation>Graph als &amp;PNG exportieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="108"/>
        <source>Export Graph as &amp;SVG…</source>
        <translation>Graph als S&amp;VG exportieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="112"/>
        <source>&amp;Convert to TensorFlow Lite…</source>
        <translation>Nach TensorFlow Lite &amp;konvertieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="114"/>
        <source>Convert an ONNX or PyTorch model, or re-quantize a TensorFlow Lite model</source>
        <translation>Ein ONNX- oder PyTorch-Modell konvertieren oder ein TensorFlow-Lite-Modell neu quantisieren</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="117"/>
        <source>&amp;Clear Menu</source>
        <translation>Menü &amp;leeren</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="120"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="125"/>
        <source>S&amp;tart Page</source>
        <translation>S&amp;tartseite</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="127"/>
        <source>&amp;Next Tab</source>
        <translation>&amp;Nächster Tab</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="131"/>
        <source>&amp;Previous Tab</source>
        <translation>&amp;Vorheriger Tab</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="137"/>
        <source>&amp;About LiteForge</source>
        <translation>&amp;Über LiteForge</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="141"/>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="148"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="150"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="168"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="175"/>
        <location filename="../app/gui/main_window.cpp" line="401"/>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="198"/>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="230"/>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="232"/>
        <source>&amp;Search</source>
        <translation>&amp;Suche</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="242"/>
        <location filename="../app/gui/main_window.cpp" line="253"/>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="244"/>
        <source>&amp;Log</source>
        <translation>&amp;Protokoll</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="253"/>
        <source>Log (%1)</source>
        <translation>Protokoll (%1)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="257"/>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="259"/>
        <source>&amp;Quantization</source>
        <translation>&amp;Quantisierung</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="434"/>
        <source>Export Graph as SVG</source>
        <translation>Graph als SVG exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="434"/>
        <source>Export Graph as PNG</source>
        <translation>Graph als PNG exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="435"/>
        <source>SVG images (*.svg)</source>
        <translation>SVG-Bilder (*.svg)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="435"/>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="440"/>
        <source>Export Graph</source>
        <translation>Graph exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="441"/>
        <source>Could not write %1.</source>
        <translation>%1 konnte nicht geschrieben werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="444"/>
        <source>Graph exported to %1</source>
        <translation>Graph nach %1 exportiert</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="557"/>
        <source>%1 warnings while reading %2 — see the Log</source>
        <translation>%1 Warnungen beim Lesen von %2 — siehe Protokoll</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="588"/>
        <source>%1 — LiteForge</source>
        <translation>%1 — LiteForge</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="552"/>
        <source>%1 — %2 nodes — loaded in %3 ms</source>
        <translation>%1 — %2 Knoten — geladen in %3 ms</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="569"/>
        <source>Could not open %1</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="570"/>
        <location filename="../app/gui/main_window.cpp" line="617"/>
        <source>Open Model</source>
        <translation>Modell öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="605"/>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="614"/>
        <source>Models (*.tflite *.onnx *.h5 *.keras *.pb *.cfg *.weights);;TensorFlow Lite (*.tflite);;ONNX (*.onnx);;Keras (*.h5 *.keras);;TensorFlow (*.pb);;Darknet (*.cfg *.weights);;All files (*)</source>
        <translation>Modelle (*.tflite *.onnx *.h5 *.keras *.pb *.cfg *.weights);;TensorFlow Lite (*.tflite);;ONNX (*.onnx);;Keras (*.h5 *.keras);;TensorFlow (*.pb);;Darknet (*.cfg *.weights);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="626"/>
        <source>&lt;h3&gt;LiteForge %1&lt;/h3&gt;&lt;p&gt;Inspect trained models and convert them to TensorFlow Lite.&lt;/p&gt;&lt;p&gt;Licensed under the GNU General Public License, version 3 or later (GPL-3.0-or-later).&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LiteForge %1&lt;/h3&gt;&lt;p&gt;Trainierte Modelle untersuchen und nach TensorFlow Lite konvertieren.&lt;/p&gt;&lt;p&gt;Lizenziert unter der GNU General Public License, Version 3 oder später (GPL-3.0-or-later).&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2, läuft mit Qt %3.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="633"/>
        <source>About LiteForge</source>
        <translation>Über LiteForge</translation>
    </message>
</context>
<context>
    <name>lf::ui::Minimap</name>
    <message>
        <location filename="../widgets/graph_view/minimap.cpp" line="38"/>
        <source>Overview: click or drag to move the view</source>
        <translation>Übersicht: klicken oder ziehen, um die Ansicht zu verschieben</translation>
    </message>
</context>
<context>
    <name>lf::ui::ModelPage</name>
    <message>
        <location filename="../app/gui/model_page.cpp" line="123"/>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
    <message>
        <location filename="../app/gui/model_page.cpp" line="125"/>
        <source>Outputs</source>
        <translation>Ausgaben</translation>
    </message>
    <message>
        <location filename="../app/gui/model_page.cpp" line="142"/>
        <source>Filter nodes by type, name or tensor type</source>
        <translation>Knoten nach Typ, Name oder Tensortyp filtern</translation>
    </message>
    <message>
        <location filename="../app/gui/model_page.cpp" line="89"/>
        <location filename="../app/gui/model_page.cpp" line="293"/>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location filename="../app/gui/model_page.cpp" line="88"/>
        <source>Graph</source>
        <translation>Graph</translation>
    </message>
    <message>
        <location filename="../app/gui/model_page.cpp" line="292"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../app/gui/model_page.cpp" line="294"/>
        <source>Tensors</source>
        <translation>Tensoren</translation>
    </message>
    <message>
        <location filename="../app/gui/model_page.cpp" line="296"/>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location filename="../app/gui/model_page.cpp" line="297"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../app/gui/model_page.cpp" line="301"/>
        <source>Graphs</source>
        <translation>Graphen</translation>
    </message>
</context>
<context>
    <name>lf::ui::NodeInspector</name>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="78"/>
        <source>not quantized</source>
        <translation>nicht quantisiert</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="81"/>
        <source>scale %1, zero point %2</source>
        <translation>Skala %1, Nullpunkt %2</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="89"/>
        <source>%1 scales on axis %2, min %3, max %4, zero point %5</source>
        <translation>%1 Skalen auf Achse %2, min. %3, max. %4, Nullpunkt %5</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="105"/>
        <source>Attribute</source>
        <translation>Attribut</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="105"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="106"/>
        <location filename="../widgets/inspector/node_inspector.cpp" line="107"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="106"/>
        <location filename="../widgets/inspector/node_inspector.cpp" line="107"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="106"/>
        <location filename="../widgets/inspector/node_inspector.cpp" line="107"/>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="109"/>
        <source>Tensor</source>
        <translation>Tensor</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="120"/>
        <source>Index</source>
        <translation>Index</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="120"/>
        <source>Stored</source>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="120"/>
        <source>Real</source>
        <translation>Reell</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="131"/>
        <source>Attributes</source>
        <translation>Attribute</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="133"/>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="135"/>
        <source>Outputs</source>
        <translation>Ausgaben</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="181"/>
        <source>Select a node in the graph or the node table.</source>
        <translation>Wählen Sie einen Knoten im Graphen oder in der Knotentabelle.</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="198"/>
        <source>From source node: %1</source>
        <translation>Aus dem Quellknoten: %1</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="230"/>
        <source>(omitted)</source>
        <translation>(ausgelassen)</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="239"/>
        <location filename="../widgets/inspector/node_inspector.cpp" line="271"/>
        <source>constant</source>
        <translation>konstant</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="272"/>
        <source>Quantization: %1</source>
        <translation>Quantisierung: %1</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="276"/>
        <source>channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="276"/>
        <source>scale</source>
        <translation>Skala</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="289"/>
        <source>min %1 · max %2 · mean %3 · std %4 · zeros %5 of %6</source>
        <translation>min. %1 · max. %2 · Mittelwert %3 · Std.-Abw. %4 · Nullen %5 von %6</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="293"/>
        <source>(dequantized)</source>
        <translation>(dequantisiert)</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="295"/>
        <source>(first %1 elements)</source>
        <translation>(erste %1 Elemente)</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="299"/>
        <source>real value</source>
        <translation>reeller Wert</translation>
    </message>
    <message>
        <location filename="../widgets/inspector/node_inspector.cpp" line="299"/>
        <source>value</source>
        <translation>Wert</translation>
    </message>
</context>
<context>
    <name>lf::ui::NodeListModel</name>
    <message>
        <location filename="../widgets/models/node_list_model.cpp" line="67"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../widgets/models/node_list_model.cpp" line="68"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../widgets/models/node_list_model.cpp" line="69"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../widgets/models/node_list_model.cpp" line="70"/>
        <source>Inputs</source>
        <translation>Eingaben</translation>
    </message>
    <message>
        <location filename="../widgets/models/node_list_model.cpp" line="71"/>
        <source>Outputs</source>
        <translation>Ausgaben</translation>
    </message>
    <message>
        <location filename="../widgets/models/node_list_model.cpp" line="94"/>
        <source>(omitted)</source>
        <translation>(ausgelassen)</translation>
    </message>
    <message>
        <location filename="../widgets/models/node_list_model.cpp" line="103"/>
        <source>(constant)</source>
        <translation>(Konstante)</translation>
    </message>
    <message>
        <location filename="../widgets/models/node_list_model.cpp" line="115"/>
        <source>Inputs:</source>
        <translation>Eingaben:</translation>
    </message>
    <message>
        <location filename="../widgets/models/node_list_model.cpp" line="117"/>
        <source>Outputs:</source>
        <translation>Ausgaben:</translation>
    </message>
    <message>
        <location filename="../widgets/models/node_list_model.cpp" line="120"/>
        <source>Attributes:</source>
        <translation>Attribute:</translation>
    </message>
</context>
<context>
    <name>lf::ui::OptimizationPage</name>
    <message>
        <location filename="../widgets/wizards/pages/optimization_page.cpp" line="34"/>
        <source>Cancel layout transposes</source>
        <translation>Layout-Transpositionen aufheben</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/optimization_page.cpp" line="35"/>
        <source>Moves the NCHW↔NHWC transposes through the graph until pairs cancel, so that few or none remain.</source>
        <translation>Verschiebt die NCHW↔NHWC-Transpositionen durch den Graphen, bis sich Paare aufheben, sodass wenige oder keine übrig bleiben.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/optimization_page.cpp" line="38"/>
        <source>Fold constants</source>
        <translation>Konstanten falten</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/optimization_page.cpp" line="39"/>
        <source>Computes nodes whose inputs are all constant once, at conversion time.</source>
        <translation>Berechnet Knoten, deren Eingaben alle konstant sind, einmal bei der Konvertierung.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/optimization_page.cpp" line="42"/>
        <source>Fold BatchNorm into convolutions</source>
        <translation>BatchNorm in Faltungen einfalten</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/optimization_page.cpp" line="43"/>
        <source>Merges per-channel scales and shifts (BatchNorm) into the weights and bias of the convolution before them.</source>
        <translation>Führt Skalierungen und Verschiebungen je Kanal (BatchNorm) in die Gewichte und den Bias der vorangehenden Faltung zusammen.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/optimization_page.cpp" line="46"/>
        <source>Fold padding</source>
        <translation>Padding einfalten</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/optimization_page.cpp" line="47"/>
        <source>Merges an explicit zero PAD into the convolution or pool that follows it.</source>
        <translation>Führt ein explizites Null-PAD in die nachfolgende Faltung oder das nachfolgende Pooling zusammen.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/optimization_page.cpp" line="50"/>
        <source>Fuse activations</source>
        <translation>Aktivierungen verschmelzen</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/optimization_page.cpp" line="51"/>
        <source>Fuses RELU, RELU6 and similar activations into the op before them (its fused_activation_function).</source>
        <translation>Verschmilzt RELU, RELU6 und ähnliche Aktivierungen mit der vorangehenden Op (deren fused_activation_function).</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/optimization_page.cpp" line="62"/>
        <source>Optimisation</source>
        <translation>Optimierung</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/optimization_page.cpp" line="63"/>
        <source>The graph rewrites after import. Each one keeps the results the same; turn one off to compare, or to keep the graph closer to the source.</source>
        <translation>Die Graph-Umschreibungen nach dem Import. Jede lässt die Ergebnisse unverändert; eine abschalten, um zu vergleichen oder den Graphen näher an der Quelle zu halten.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/optimization_page.cpp" line="82"/>
        <source>The layout of the inputs and outputs (NCHW or NHWC) is chosen on the Inputs page.</source>
        <translation>Das Layout der Ein- und Ausgaben (NCHW oder NHWC) wird auf der Seite „Eingaben“ gewählt.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/optimization_page.cpp" line="85"/>
        <source>Restore defaults</source>
        <translation>Standardwerte wiederherstellen</translation>
    </message>
</context>
<context>
    <name>lf::ui::OutputPage</name>
    <message>
        <location filename="../widgets/wizards/pages/output_page.cpp" line="38"/>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/output_page.cpp" line="39"/>
        <source>Where to write the TensorFlow Lite model.</source>
        <translation>Wohin das TensorFlow-Lite-Modell geschrieben wird.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/output_page.cpp" line="41"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/output_page.cpp" line="49"/>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/output_page.cpp" line="71"/>
        <source>Save TensorFlow Lite model</source>
        <translation>TensorFlow-Lite-Modell speichern</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/output_page.cpp" line="72"/>
        <source>TensorFlow Lite (*.tflite)</source>
        <translation>TensorFlow Lite (*.tflite)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/output_page.cpp" line="83"/>
        <source>This is the source model; choose another file.</source>
        <translation>Das ist das Quellmodell; bitte eine andere Datei wählen.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/output_page.cpp" line="85"/>
        <source>The folder does not exist.</source>
        <translation>Der Ordner existiert nicht.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/output_page.cpp" line="87"/>
        <source>The file exists and will be replaced once the conversion succeeds.</source>
        <translation>Die Datei existiert und wird ersetzt, sobald die Konvertierung gelingt.</translation>
    </message>
</context>
<context>
    <name>lf::ui::QuantizationPage</name>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="38"/>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="39"/>
        <source>Smaller and faster models by storing weights (and activations) in fewer bits. The quantization panel offers the full per-layer analysis afterwards.</source>
        <translation>Kleinere und schnellere Modelle durch Gewichte (und Aktivierungen) mit weniger Bits. Das Quantisierungsfenster bietet danach die vollständige Analyse je Schicht.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="44"/>
        <source>Scheme</source>
        <translation>Verfahren</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="47"/>
        <source>None: float32, as converted</source>
        <translation>Keine: float32, wie konvertiert</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="48"/>
        <source>Float16 weights (half the size, float math)</source>
        <translation>Float16-Gewichte (halbe Größe, Float-Arithmetik)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="49"/>
        <source>Dynamic range: int8 weights, float activations</source>
        <translation>Dynamischer Bereich: int8-Gewichte, Float-Aktivierungen</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="50"/>
        <source>Full integer int8: calibrated activations (needs sample data)</source>
        <translation>Vollständig ganzzahlig int8: kalibrierte Aktivierungen (braucht Beispieldaten)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="63"/>
        <source>Full integer options</source>
        <translation>Optionen für vollständig ganzzahlig</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="66"/>
        <source>Random data (seeded)</source>
        <translation>Zufallsdaten (mit festem Startwert)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="67"/>
        <source>Folder of images or .npy files</source>
        <translation>Ordner mit Bildern oder .npy-Dateien</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="68"/>
        <source>.npy / .npz file</source>
        <translation>.npy- / .npz-Datei</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="71"/>
        <source>Dataset folder or file</source>
        <translation>Datensatzordner oder -datei</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="72"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="81"/>
        <source>float32 (quantize inside the model)</source>
        <translation>float32 (im Modell quantisieren)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="82"/>
        <source>int8</source>
        <translation>int8</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="83"/>
        <source>uint8</source>
        <translation>uint8</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="87"/>
        <source>Calibration data:</source>
        <translation>Kalibrierungsdaten:</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="88"/>
        <source>Path:</source>
        <translation>Pfad:</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="89"/>
        <source>Samples:</source>
        <translation>Beispiele:</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="90"/>
        <source>Input/output type:</source>
        <translation>Ein-/Ausgabetyp:</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="92"/>
        <source>Images are preprocessed as chosen on the Inputs page; the first sample also validates the conversion.</source>
        <translation>Bilder werden wie auf der Seite „Eingaben“ gewählt vorverarbeitet; das erste Beispiel validiert auch die Konvertierung.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="125"/>
        <source>Calibration images or arrays</source>
        <translation>Kalibrierungsbilder oder -Arrays</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="126"/>
        <source>Calibration arrays</source>
        <translation>Kalibrierungs-Arrays</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/quantization_page.cpp" line="127"/>
        <source>Arrays (*.npy *.npz)</source>
        <translation>Arrays (*.npy *.npz)</translation>
    </message>
</context>
<context>
    <name>lf::ui::QuantizationPanel</name>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="118"/>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="119"/>
        <source>Calibrate, quantize and compare every quantized layer with the float model</source>
        <translation>Kalibrieren, quantisieren und jede quantisierte Schicht mit dem Float-Modell vergleichen</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="120"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="122"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="165"/>
        <source>Colour the graph by this metric,</source>
        <translation>Den Graphen nach dieser Metrik einfärben,</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="169"/>
        <source>The error the graph colours show: end to end, or each layer alone</source>
        <translation>Der Fehler, den die Graphfarben zeigen: durchgehend oder jede Schicht allein</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="201"/>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="202"/>
        <source>Keep in Float</source>
        <translation>In Float behalten</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="214"/>
        <source>Quantized Model (.tflite)…</source>
        <translation>Quantisiertes Modell (.tflite)…</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="215"/>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="220"/>
        <source>Export Quantized Model</source>
        <translation>Quantisiertes Modell exportieren</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="215"/>
        <source>TensorFlow Lite (*.tflite)</source>
        <translation>TensorFlow Lite (*.tflite)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="224"/>
        <source>Report as CSV…</source>
        <translation>Bericht als CSV…</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="225"/>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="229"/>
        <source>Export Report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="225"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="228"/>
        <source>Report as JSON…</source>
        <translation>Bericht als JSON…</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="229"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="232"/>
        <source>Chart as PNG…</source>
        <translation>Diagramm als PNG…</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="233"/>
        <source>Export Chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="233"/>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="286"/>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="295"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="322"/>
        <source>Step %1 of %2: %3 — %4%</source>
        <translation>Schritt %1 von %2: %3 — %4%</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="329"/>
        <source>, about %1 s left</source>
        <translation>, noch etwa %1 s</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="339"/>
        <source>Cancelled after %1 s.</source>
        <translation>Nach %1 s abgebrochen.</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="345"/>
        <source>no result</source>
        <translation>kein Ergebnis</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="346"/>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="360"/>
        <source>Done in %1 s: %2 quantized layers, %3 flagged.</source>
        <translation>Fertig in %1 s: %2 quantisierte Schichten, %3 markiert.</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="412"/>
        <source>Open a float model to quantize it.</source>
        <translation>Ein Float-Modell öffnen, um es zu quantisieren.</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="416"/>
        <source>No run yet for this model. Choose a dataset and press Run.</source>
        <translation>Für dieses Modell gibt es noch keinen Lauf. Einen Datensatz wählen und „Ausführen“ drücken.</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="421"/>
        <source>&lt;b&gt;Output SQNR %1 dB&lt;/b&gt;</source>
        <translation>&lt;b&gt;Ausgabe-SQNR %1 dB&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="424"/>
        <source>&lt;br&gt;run before: %1 dB (%2%3 dB)</source>
        <translation>&lt;br&gt;vorheriger Lauf: %1 dB (%2%3 dB)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="427"/>
        <source>&lt;br&gt;%1 quantized layers on %2 samples; %3 nodes kept in float (%4 ticked for the next run)</source>
        <translation>&lt;br&gt;%1 quantisierte Schichten auf %2 Beispielen; %3 Knoten in Float behalten (%4 für den nächsten Lauf angekreuzt)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="433"/>
        <source>&lt;br&gt;suggested to keep in float: %1</source>
        <translation>&lt;br&gt;Vorschlag, in Float zu behalten: %1</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="435"/>
        <source> and %1 more</source>
        <translation> und %1 weitere</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="466"/>
        <source>Samples: %1</source>
        <translation>Beispiele: %1</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="483"/>
        <source>A calibration sample as the model sees it (values stretched to grey levels)</source>
        <translation>Ein Kalibrierungsbeispiel, wie das Modell es sieht (Werte auf Graustufen gestreckt)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="606"/>
        <source>Graph colour: %1 %2</source>
        <translation>Graphfarbe: %1 %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/quantization/quantization_panel.cpp" line="608"/>
        <source> (%n layer(s) without a value left plain)</source>
        <translation>
            <numerusform> (%n Schicht ohne Wert bleibt ungefärbt)</numerusform>
            <numerusform> (%n Schichten ohne Wert bleiben ungefärbt)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="652"/>
        <source>Could not write %1</source>
        <translation>%1 konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_panel.cpp" line="654"/>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_run.cpp" line="187"/>
        <source>Reading samples</source>
        <translation>Beispiele werden gelesen</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_run.cpp" line="188"/>
        <source>Calibrating</source>
        <translation>Kalibrierung</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_run.cpp" line="189"/>
        <source>Quantizing</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_run.cpp" line="190"/>
        <source>Comparing layers</source>
        <translation>Schichten werden verglichen</translation>
    </message>
</context>
<context>
    <name>lf::ui::QuantizationSettings</name>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="34"/>
        <source>Random data</source>
        <translation>Zufallsdaten</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="35"/>
        <source>Image folder</source>
        <translation>Bildordner</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="36"/>
        <source>NumPy .npy / .npz</source>
        <translation>NumPy .npy / .npz</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="38"/>
        <source>folder or file</source>
        <translation>Ordner oder Datei</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="39"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="45"/>
        <source>x / 255 → [0, 1]</source>
        <translation>x / 255 → [0, 1]</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="46"/>
        <source>x / 127.5 − 1 → [−1, 1]</source>
        <translation>x / 127,5 − 1 → [−1, 1]</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="47"/>
        <source>ImageNet mean / std</source>
        <translation>ImageNet-Mittelwert / -Std.-Abw.</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="48"/>
        <source>raw 0 … 255</source>
        <translation>roh 0 … 255</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="49"/>
        <source>Centre crop</source>
        <translation>Mittig zuschneiden</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="54"/>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="55"/>
        <source>Show the first samples as the model will see them</source>
        <translation>Die ersten Beispiele so zeigen, wie das Modell sie sehen wird</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="61"/>
        <source>int8 (full integer)</source>
        <translation>int8 (vollständig ganzzahlig)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="62"/>
        <source>16x8 (int16 activations)</source>
        <translation>16x8 (int16-Aktivierungen)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="63"/>
        <source>float16 weights</source>
        <translation>float16-Gewichte</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="64"/>
        <source>dynamic range (int8 weights)</source>
        <translation>dynamischer Bereich (int8-Gewichte)</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="67"/>
        <source>min / max</source>
        <translation>Min. / Max.</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="68"/>
        <source>moving average</source>
        <translation>gleitender Mittelwert</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="69"/>
        <source>percentile 99.99</source>
        <translation>Perzentil 99,99</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="70"/>
        <source>minimum MSE</source>
        <translation>minimaler MSE</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="73"/>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="74"/>
        <source>int8</source>
        <translation>int8</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="75"/>
        <source>uint8</source>
        <translation>uint8</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="80"/>
        <source>Dataset:</source>
        <translation>Datensatz:</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="81"/>
        <source>Path:</source>
        <translation>Pfad:</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="82"/>
        <source>Pixels:</source>
        <translation>Pixel:</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="84"/>
        <source>Samples:</source>
        <translation>Beispiele:</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="85"/>
        <source>Scheme:</source>
        <translation>Verfahren:</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="86"/>
        <source>Calibration:</source>
        <translation>Kalibrierung:</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="87"/>
        <source>I/O type:</source>
        <translation>E/A-Typ:</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="134"/>
        <source>Calibration Images</source>
        <translation>Kalibrierungsbilder</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="135"/>
        <source>Calibration Samples</source>
        <translation>Kalibrierungsbeispiele</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/quantization_settings.cpp" line="136"/>
        <source>NumPy arrays (*.npy *.npz);;All files (*)</source>
        <translation>NumPy-Arrays (*.npy *.npz);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>lf::ui::ResultPage</name>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="55"/>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="56"/>
        <source>The converted model, compared with the source.</source>
        <translation>Das konvertierte Modell, verglichen mit der Quelle.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="61"/>
        <source>Operators</source>
        <translation>Operatoren</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="62"/>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="62"/>
        <source>Imported</source>
        <translation>Importiert</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="62"/>
        <source>Written</source>
        <translation>Geschrieben</translation>
    </message>
    <message>
        <source>Validation: source vs .tflite on seeded random inputs</source>
        <translation type="vanished">Validierung: Quelle gegen .tflite mit Zufallseingaben (fester Startwert)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="69"/>
        <source>Validation: source vs .tflite on the same inputs</source>
        <translation>Validierung: Quelle gegen .tflite mit denselben Eingaben</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="73"/>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="73"/>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="73"/>
        <source>Max abs error</source>
        <translation>Max. abs. Fehler</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="73"/>
        <source>RMSE</source>
        <translation>RMSE</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="73"/>
        <source>Cosine</source>
        <translation>Kosinus</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="73"/>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="79"/>
        <source>Open Result</source>
        <translation>Ergebnis öffnen</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="80"/>
        <source>Open Rewrite Inspector…</source>
        <translation>Umschreibungs-Inspektor öffnen…</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="86"/>
        <source>Quantization Panel…</source>
        <translation>Quantisierungsfenster…</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="115"/>
        <source>&lt;b&gt;%1&lt;/b&gt; → &lt;b&gt;%2&lt;/b&gt;: %3 → %4 (%5 % of the source)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; → &lt;b&gt;%2&lt;/b&gt;: %3 → %4 (%5 % der Quelle)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="129"/>
        <source>Open the float result in the quantization panel for the per-layer analysis</source>
        <translation>Das Float-Ergebnis im Quantisierungsfenster für die Analyse je Schicht öffnen</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="130"/>
        <source>The result is already quantized; convert without quantization to analyse it in the quantization panel</source>
        <translation>Das Ergebnis ist bereits quantisiert; ohne Quantisierung konvertieren, um es im Quantisierungsfenster zu analysieren</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="156"/>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="191"/>
        <source>equal (float tolerance)</source>
        <translation>gleich (Float-Toleranz)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/result_page.cpp" line="192"/>
        <source>differs (quantization)</source>
        <translation>abweichend (Quantisierung)</translation>
    </message>
</context>
<context>
    <name>lf::ui::RewriteEventModel</name>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_event_model.cpp" line="110"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_event_model.cpp" line="111"/>
        <source>Pass</source>
        <translation>Durchlauf</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_event_model.cpp" line="112"/>
        <source>Source nodes</source>
        <translation>Quellknoten</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_event_model.cpp" line="113"/>
        <source>IR nodes</source>
        <translation>IR-Knoten</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_event_model.cpp" line="114"/>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
</context>
<context>
    <name>lf::ui::RewriteInspector</name>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="126"/>
        <source>inserted</source>
        <translation>eingefügt</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="127"/>
        <source>moved</source>
        <translation>verschoben</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="128"/>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="514"/>
        <source>cancelled</source>
        <translation>aufgehoben</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="129"/>
        <source>to reshape</source>
        <translation>zu Reshape</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="149"/>
        <source>Converted again: %n user override event(s), </source>
        <translation>
            <numerusform>Erneut konvertiert: %n Benutzervorgabe-Ereignis, </numerusform>
            <numerusform>Erneut konvertiert: %n Benutzervorgabe-Ereignisse, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="151"/>
        <source>%n transpose(s); </source>
        <translation>
            <numerusform>%n Transposition; </numerusform>
            <numerusform>%n Transpositionen; </numerusform>
        </translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="152"/>
        <source>inputs %1</source>
        <translation>Eingaben %1</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="165"/>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="172"/>
        <source>non-image</source>
        <translation>kein Bild</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="166"/>
        <source>kept NCHW</source>
        <translation>NCHW behalten</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="183"/>
        <source>Rewrite Inspector</source>
        <translation>Umschreibungs-Inspektor</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="190"/>
        <source>Imported (source layout, NCHW)</source>
        <translation>Importiert (Quell-Layout, NCHW)</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="191"/>
        <source>Converted (NHWC)</source>
        <translation>Konvertiert (NHWC)</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="240"/>
        <source>The source model is not known, so it cannot be converted again</source>
        <translation>Das Quellmodell ist nicht bekannt, daher kann es nicht erneut konvertiert werden</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="269"/>
        <source>Converting %1 again…</source>
        <translation>%1 wird erneut konvertiert…</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="283"/>
        <source>Conversion failed: %1</source>
        <translation>Konvertierung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="347"/>
        <source>Filter rewrites by node, pass or detail</source>
        <translation>Umschreibungen nach Knoten, Durchlauf oder Detail filtern</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="350"/>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="355"/>
        <source>Rewrites:</source>
        <translation>Umschreibungen:</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="499"/>
        <source>transpose</source>
        <translation>Transposition</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="499"/>
        <source>transpose: %1</source>
        <translation>Transposition: %1</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="504"/>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="505"/>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="519"/>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="520"/>
        <source>weights permuted</source>
        <translation>Gewichte permutiert</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="514"/>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="553"/>
        <location filename="../widgets/rewrite_inspector/rewrite_inspector.cpp" line="554"/>
        <source>user override</source>
        <translation>Benutzervorgabe</translation>
    </message>
</context>
<context>
    <name>lf::ui::RunPage</name>
    <message>
        <location filename="../widgets/wizards/pages/run_page.cpp" line="34"/>
        <source>Converting</source>
        <translation>Konvertierung</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/run_page.cpp" line="35"/>
        <source>The conversion runs in the background; Stop cancels it within a second and writes no file.</source>
        <translation>Die Konvertierung läuft im Hintergrund; „Stopp“ bricht sie innerhalb einer Sekunde ab und schreibt keine Datei.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/run_page.cpp" line="47"/>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/run_page.cpp" line="48"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/run_page.cpp" line="84"/>
        <source>Stopping…</source>
        <translation>Wird gestoppt…</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/run_page.cpp" line="102"/>
        <source>Converting %1 → %2</source>
        <translation>%1 → %2 wird konvertiert</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/run_page.cpp" line="114"/>
        <source>warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/run_page.cpp" line="152"/>
        <source>%1 …</source>
        <translation>%1 …</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/run_page.cpp" line="184"/>
        <source>Done in %1 s.</source>
        <translation>Fertig in %1 s.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/run_page.cpp" line="185"/>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/run_page.cpp" line="190"/>
        <source>Cancelled; no file was written. Go back to change the settings.</source>
        <translation>Abgebrochen; es wurde keine Datei geschrieben. Zurückgehen, um die Einstellungen zu ändern.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/run_page.cpp" line="191"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/run_page.cpp" line="198"/>
        <source>The conversion failed; no file was written. Go back to change the settings.</source>
        <translation>Die Konvertierung ist fehlgeschlagen; es wurde keine Datei geschrieben. Zurückgehen, um die Einstellungen zu ändern.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/run_page.cpp" line="199"/>
        <source>error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
</context>
<context>
    <name>lf::ui::SearchPanel</name>
    <message>
        <location filename="../app/gui/search_panel.cpp" line="22"/>
        <source>Find nodes, op types or tensors</source>
        <translation>Knoten, Op-Typen oder Tensoren suchen</translation>
    </message>
    <message>
        <location filename="../app/gui/search_panel.cpp" line="100"/>
        <source>Type to search the open model.</source>
        <translation>Tippen, um im geöffneten Modell zu suchen.</translation>
    </message>
    <message>
        <location filename="../app/gui/search_panel.cpp" line="102"/>
        <source>%1 matches, the first %2 shown</source>
        <translation>%1 Treffer, die ersten %2 angezeigt</translation>
    </message>
    <message>
        <location filename="../app/gui/search_panel.cpp" line="105"/>
        <source>1 match</source>
        <translation>1 Treffer</translation>
    </message>
    <message>
        <location filename="../app/gui/search_panel.cpp" line="105"/>
        <source>%1 matches</source>
        <translation>%1 Treffer</translation>
    </message>
</context>
<context>
    <name>lf::ui::SearchResultModel</name>
    <message>
        <location filename="../widgets/models/search_result_model.cpp" line="133"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../widgets/models/search_result_model.cpp" line="134"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../widgets/models/search_result_model.cpp" line="135"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location filename="../widgets/models/search_result_model.cpp" line="143"/>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <location filename="../widgets/models/search_result_model.cpp" line="145"/>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <location filename="../widgets/models/search_result_model.cpp" line="147"/>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <location filename="../widgets/models/search_result_model.cpp" line="149"/>
        <source>Constant</source>
        <translation>Konstante</translation>
    </message>
    <message>
        <location filename="../widgets/models/search_result_model.cpp" line="150"/>
        <source>Tensor</source>
        <translation>Tensor</translation>
    </message>
    <message>
        <location filename="../widgets/models/search_result_model.cpp" line="160"/>
        <source>node #%1</source>
        <translation>Knoten #%1</translation>
    </message>
    <message>
        <location filename="../widgets/models/search_result_model.cpp" line="160"/>
        <source>tensor #%1</source>
        <translation>Tensor #%1</translation>
    </message>
    <message>
        <location filename="../widgets/models/search_result_model.cpp" line="173"/>
        <source>Not used by any node</source>
        <translation>Von keinem Knoten verwendet</translation>
    </message>
    <message>
        <location filename="../widgets/models/search_result_model.cpp" line="175"/>
        <source>node #%1 %2 %3</source>
        <translation>Knoten #%1 %2 %3</translation>
    </message>
    <message>
        <location filename="../widgets/models/search_result_model.cpp" line="178"/>
        <source>Shown at %1</source>
        <translation>Angezeigt bei %1</translation>
    </message>
</context>
<context>
    <name>lf::ui::SourcePage</name>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="55"/>
        <source>Source model</source>
        <translation>Quellmodell</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="56"/>
        <source>Choose the model to convert to TensorFlow Lite: ONNX, PyTorch (.pt/.pth) or a TensorFlow Lite model to re-quantize.</source>
        <translation>Das Modell wählen, das nach TensorFlow Lite konvertiert werden soll: ONNX, PyTorch (.pt/.pth) oder ein TensorFlow-Lite-Modell zum Neuquantisieren.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="60"/>
        <source>Model file</source>
        <translation>Modelldatei</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="61"/>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="91"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="70"/>
        <source>PyTorch export</source>
        <translation>PyTorch-Export</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="78"/>
        <source>One NAME=D,D,… per model input, in call order, separated by &apos;;&apos;</source>
        <translation>Ein NAME=D,D,… je Modelleingabe, in Aufrufreihenfolge, durch &apos;;&apos; getrennt</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="80"/>
        <source>Python:</source>
        <translation>Python:</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="82"/>
        <source>Example input shape:</source>
        <translation>Beispiel-Eingabeform:</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="84"/>
        <source>module:Class — only for a state dict</source>
        <translation>modul:Klasse — nur für ein State-Dict</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="86"/>
        <source>For a file saved with torch.save(model.state_dict()): the model class, constructed without arguments, as module:Class (like liteforge-cli&apos;s --torch-module)</source>
        <translation>Für eine mit torch.save(model.state_dict()) gespeicherte Datei: die Modellklasse, ohne Argumente konstruiert, als modul:Klasse (wie --torch-module von liteforge-cli)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="89"/>
        <source>the model file&apos;s folder</source>
        <translation>der Ordner der Modelldatei</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="90"/>
        <source>The folder Python imports the module from</source>
        <translation>Der Ordner, aus dem Python das Modul importiert</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="96"/>
        <source>Model class:</source>
        <translation>Modellklasse:</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="97"/>
        <source>Module folder:</source>
        <translation>Modulordner:</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="101"/>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="102"/>
        <source>Framework:</source>
        <translation>Framework:</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="122"/>
        <source>Choose a model</source>
        <translation>Ein Modell wählen</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="124"/>
        <source>Models (*.onnx *.pt *.pth *.torchscript *.tflite);;All files (*)</source>
        <translation>Modelle (*.onnx *.pt *.pth *.torchscript *.tflite);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="137"/>
        <source>Folder of the model&apos;s module</source>
        <translation>Ordner mit dem Modul des Modells</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="161"/>
        <source>Choose a file.</source>
        <translation>Eine Datei wählen.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="161"/>
        <source>No such file.</source>
        <translation>Keine solche Datei.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="164"/>
        <source>PyTorch — exported to ONNX with your Python, then converted natively</source>
        <translation>PyTorch — mit Ihrem Python nach ONNX exportiert, dann nativ konvertiert</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="174"/>
        <source>ONNX</source>
        <translation>ONNX</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="177"/>
        <source>TensorFlow Lite — the model is re-quantized (or rewritten) as it is</source>
        <translation>TensorFlow Lite — das Modell wird so, wie es ist, neu quantisiert (oder neu geschrieben)</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="183"/>
        <source>This framework has no wizard page yet; convert it with liteforge-cli.</source>
        <translation>Für dieses Framework gibt es noch keine Assistentenseite; bitte mit liteforge-cli konvertieren.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="186"/>
        <source>Not a model format LiteForge can read.</source>
        <translation>Kein Modellformat, das LiteForge lesen kann.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="198"/>
        <source>Checking %1 for PyTorch…</source>
        <translation>%1 wird auf PyTorch geprüft…</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="208"/>
        <source>PyTorch %1 found.</source>
        <translation>PyTorch %1 gefunden.</translation>
    </message>
    <message>
        <location filename="../widgets/wizards/pages/source_page.cpp" line="211"/>
        <source>%1. PyTorch models are exported with Python and PyTorch: install them (Debian/Ubuntu: apt install python3-torch; elsewhere: pip install torch) or give the path of a Python that has them.</source>
        <translation>%1. PyTorch-Modelle werden mit Python und PyTorch exportiert: beides installieren (Debian/Ubuntu: apt install python3-torch; sonst: pip install torch) oder den Pfad eines Python angeben, das beides hat.</translation>
    </message>
</context>
<context>
    <name>lf::ui::StartPage</name>
    <message>
        <location filename="../app/gui/start_page.cpp" line="59"/>
        <source>LiteForge</source>
        <translation>LiteForge</translation>
    </message>
    <message>
        <location filename="../app/gui/start_page.cpp" line="64"/>
        <source>Inspect models and convert them to TensorFlow Lite.</source>
        <translation>Modelle untersuchen und nach TensorFlow Lite konvertieren.</translation>
    </message>
    <message>
        <location filename="../app/gui/start_page.cpp" line="75"/>
        <source>Open Model…</source>
        <translation>Modell öffnen…</translation>
    </message>
    <message>
        <location filename="../app/gui/start_page.cpp" line="77"/>
        <source>Convert to TensorFlow Lite…</source>
        <translation>Nach TensorFlow Lite konvertieren…</translation>
    </message>
    <message>
        <location filename="../app/gui/start_page.cpp" line="84"/>
        <source>Drop a model file or folder here</source>
        <translation>Modelldatei oder Ordner hierher ziehen</translation>
    </message>
    <message>
        <location filename="../app/gui/start_page.cpp" line="132"/>
        <source>No recent files yet.</source>
        <translation>Noch keine zuletzt geöffneten Dateien.</translation>
    </message>
    <message>
        <location filename="../app/gui/start_page.cpp" line="137"/>
        <source>No sample models found.</source>
        <translation>Keine Beispielmodelle gefunden.</translation>
    </message>
    <message>
        <location filename="../app/gui/start_page.cpp" line="102"/>
        <source>Recent</source>
        <translation>Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../app/gui/start_page.cpp" line="106"/>
        <source>Samples</source>
        <translation>Beispiele</translation>
    </message>
</context>
<context>
    <name>lf::ui::ValueScatterPlot</name>
    <message>
        <location filename="../widgets/quantization/value_scatter_plot.cpp" line="54"/>
        <source>float value</source>
        <translation>Float-Wert</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/value_scatter_plot.cpp" line="55"/>
        <source>dequantized value</source>
        <translation>dequantisierter Wert</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/value_scatter_plot.cpp" line="97"/>
        <source>no layer selected</source>
        <translation>keine Schicht ausgewählt</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/value_scatter_plot.cpp" line="115"/>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/value_scatter_plot.cpp" line="116"/>
        <source>no %1 values</source>
        <translation>keine %1-Werte</translation>
    </message>
    <message>
        <location filename="../widgets/quantization/value_scatter_plot.cpp" line="117"/>
        <source>%1, %2 values</source>
        <translation>%1, %2 Werte</translation>
    </message>
</context>
</TS>
