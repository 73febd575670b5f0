// Each test drives a real Chromium against real silo processes; on a 2-core machine they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: AssemblyFixture(typeof(EmotionGrid.Dashboard.Tests.BrowserFixture))]
[assembly: AssemblyFixture(typeof(EmotionGrid.Dashboard.Tests.LabelledSilo))]
