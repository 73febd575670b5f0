// Each test runs its own PostgreSQL, Azurite and several silo processes on a machine that may have two cores:
// one test at a time keeps their timings (failover, outages) meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
