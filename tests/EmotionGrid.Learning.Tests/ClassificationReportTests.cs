namespace EmotionGrid.Learning.Tests;

public class ClassificationReportTests
{
    [Fact]
    public void Matches_a_hand_computed_confusion_matrix()
    {
        // truth \ predicted:  a  b  c
        //               a  [ 3, 1, 0 ]
        //               b  [ 1, 2, 0 ]
        //               c  [ 0, 2, 1 ]
        int[] truth = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
        int[] predicted = [0, 0, 0, 1, 0, 1, 1, 1, 1, 2];

        var report = ClassificationReport.Compute(truth, predicted, ["a", "b", "c"]);

        Assert.Equal([[3, 1, 0], [1, 2, 0], [0, 2, 1]], report.Confusion);
        Assert.Equal(0.6, report.Accuracy, 12);
        Assert.Equal(0.4, report.MajorityBaseline, 12);
        // a: P 3/4, R 3/4, F1 3/4.  b: P 2/5, R 2/3, F1 0.5.  c: P 1, R 1/3, F1 0.5.
        Assert.Equal(("a", 0.75, 0.75, 0.75, 4), Row(report.PerClass[0]));
        Assert.Equal(0.4, report.PerClass[1].Precision, 12);
        Assert.Equal(2.0 / 3, report.PerClass[1].Recall, 12);
        Assert.Equal(0.5, report.PerClass[1].F1, 12);
        Assert.Equal(1.0, report.PerClass[2].Precision, 12);
        Assert.Equal(1.0 / 3, report.PerClass[2].Recall, 12);
        Assert.Equal(0.5, report.PerClass[2].F1, 12);
        Assert.Equal((0.75 + 0.5 + 0.5) / 3, report.MacroF1, 12);
    }

    [Fact]
    public void Never_predicted_classes_score_zero_and_absent_classes_are_left_out_of_the_macro_average()
    {
        var report = ClassificationReport.Compute([0, 0, 1, 1], [0, 0, 0, 0], ["x", "y", "unused"]);

        Assert.Equal(0, report.PerClass[1].Precision);
        Assert.Equal(0, report.PerClass[1].F1);
        Assert.Equal(0, report.PerClass[2].Support);
        Assert.Equal((2.0 / 3) / 2, report.MacroF1, 12); // x: P 1/2, R 1 → F1 2/3; y: 0
    }

    private static (string, double, double, double, int) Row(ClassMetrics m) => (m.Class, m.Precision, m.Recall, m.F1, m.Support);
}
