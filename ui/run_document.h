#pragma once
// The open run as a document (after Tiled's Document/MapDocument): the dataset it is
// about, the input the run consumed, its passes, the accumulated findings, the linear
// baseline and the last evaluation. It saves, opens and exports itself and says what
// changed through signals. Views subscribe to those signals (setDocument), so a live run
// (fed pass by pass by the run controller) and a reopened run (replayed from its record)
// reach them through the same path. No widgets and no threads here.
//
// A new view attaches as the tabs do (see PassesView::setDocument): disconnect from the
// previous document, connect to the signals it shows, and draw from them alone; what the
// document holds now is in its getters.
#include "figure_export.h"
#include "analysis/method_overlap.h"
#include "report/run_record.h"
#include "run_types.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <string>
#include <vector>

namespace dm::ui {

class RunDocument : public QObject {
    Q_OBJECT
public:
    explicit RunDocument(QObject* parent = nullptr);

    // ---- the dataset that is open (what a new run trains on)
    const DatasetPtr& dataset() const { return dataset_; }
    // What was opened: a file, a folder, or the demo's source name.
    const QString& datasetPath() const { return datasetPath_; }
    // The matrices the open .h5ad offers ("X", "raw.X", "layer:NAME"); empty otherwise.
    const QStringList& matrices() const { return matrices_; }
    void setDataset(const DatasetPtr& dataset, const QString& path, const QStringList& matrices);

    // ---- the results (of a live run, or of a reopened one)
    const RunConfig& config() const { return config_; }  // the configuration of the results
    const PreparedInputPtr& input() const { return input_; }  // null for a reopened run
    const std::vector<PassRecord>& passes() const { return records_; }
    const FindingsPtr& findings() const { return findings_; }
    const std::vector<double>& linearImportance() const { return linearImportance_; }
    const EvaluationPtr& evaluation() const { return evaluation_; }
    bool hasRanking() const { return findings_ && findings_->accepted > 0; }
    // The ranking's genes are the open dataset's genes (an .h5ad export needs both).
    bool rankingMatchesDataset() const;
    const DatasetSummary& datasetSummary() const { return summary_; }
    double runSeconds() const { return runSeconds_; }

    // Unsaved results; the window title shows it.
    bool isModified() const { return modified_; }
    void setModified(bool on);
    // The run file last saved or opened (empty: none).
    const QString& fileName() const { return fileName_; }
    // The dataset's file name for the title ("no dataset" when none), " (partial result)" added.
    QString displayName() const;

    // ---- a live run, in this order: beginRun, setInput, addPass..., finishRun.
    void beginRun(const RunConfig& config);
    // The run record's dataset part (preprocessing steps included) is the input's summary,
    // made by core's prepareInput exactly as the CLI's.
    void setInput(const PreparedInputPtr& input);
    // The ranking so far is re-accumulated when the pass is accepted.
    void addPass(const PassSnapshotPtr& pass);
    void finishRun(const FindingsPtr& findings, double seconds);
    void setLinearImportance(std::vector<double> importance);
    void setEvaluation(const EvaluationPtr& evaluation);  // nullptr: none

    // ---- persistence; each throws dm::Error (or std::exception) naming the problem.
    // What Save run writes: config, dataset summary, every pass, accumulated statistics.
    RunRecord record() const;
    void save(const QString& path);
    // Replaces the results by a saved run's and replays them through the signals above.
    void open(const QString& path);
    void exportRanking(const QString& path) const;
    // `overlaps`: per class, DeepMapper's top K beside the standard methods' (overlap.csv).
    QStringList exportReport(const QString& dir, const QList<NamedPlot>& figures,
                             std::vector<TopSetOverlap> overlaps = {});
    // A new .h5ad: the dataset with the per-gene statistics as deepmapper_* var columns.
    void exportH5ad(const QString& path) const;

signals:
    void datasetChanged(dm::ui::DatasetPtr dataset);
    // The results were emptied for a new run (or a reopened one) with this configuration
    // over these features; passes and findings follow.
    void resultsReset(const dm::RunConfig& config, const std::vector<std::string>& featureNames);
    void inputChanged(dm::ui::PreparedInputPtr input);
    void passAdded(dm::ui::PassSnapshotPtr pass);
    void findingsChanged(dm::ui::FindingsPtr findings);
    void linearImportanceChanged(const std::vector<double>& importance);
    void evaluationChanged(dm::ui::EvaluationPtr evaluation);
    void modifiedChanged(bool modified);
    // Anything the window title shows (dataset, partial result, modified) may have changed.
    void titleChanged();

private:
    void resetResults(const RunConfig& config, std::vector<std::string> names, std::vector<std::string> ids);
    void setFindings(const FindingsPtr& findings);

    DatasetPtr dataset_;
    QString datasetPath_;
    QStringList matrices_;

    RunConfig config_;
    DatasetSummary summary_;
    std::vector<std::string> featureNames_, featureIds_;
    PreparedInputPtr input_;
    std::vector<PassRecord> records_;
    FindingsPtr findings_;
    std::vector<double> linearImportance_;
    EvaluationPtr evaluation_;
    std::string startedAt_;
    double runSeconds_ = 0;
    bool modified_ = false;
    QString fileName_;
};

}  // namespace dm::ui
