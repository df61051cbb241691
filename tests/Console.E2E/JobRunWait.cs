using AdminConsole.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.E2E;

public static class JobRunWait
{
    /// <summary>
    /// Every job runs once as the console starts. A test that seeds what a job would act on waits for that first
    /// run to finish, so the run it means to observe is the one it asked for.
    /// </summary>
    public static async Task<int> FirstRunFinishedAsync(TestDatabase database, string jobName)
    {
        ArgumentNullException.ThrowIfNull(database);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = database.CreateContext();
            var runs = await db.JobRuns.Where(r => r.JobName == jobName).ToListAsync();
            if (runs.Count > 0 && runs.All(r => r.FinishedAt != null))
                return runs.Count;
            await Task.Delay(200);
        }

        throw new TimeoutException($"The {jobName} job did not finish its first run within a minute.");
    }
}
