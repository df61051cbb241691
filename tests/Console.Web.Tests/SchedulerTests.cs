using AdminConsole.Domain.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace AdminConsole.Web.Tests;

public class SchedulerTests
{
    [Fact]
    public async Task Scheduler_OnPostgres_IsPersistentAndClustered()
    {
        await using var factory = await ConsoleFactory.StartAsync(DatabaseProvider.Postgres);
        _ = factory.Server;

        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var meta = await RunningMetadataAsync(scheduler);

        Assert.True(meta.JobStorePersistent);
        Assert.True(meta.JobStoreClustered);
        var node = Assert.Single(await scheduler.QueryClusterNodes(), n => n.IsCurrentNode);
        Assert.Equal(meta.SchedulerInstanceId, node.InstanceId);
    }

    [Fact]
    public async Task Scheduler_OnTheEmbeddedDefault_KeepsItsScheduleInMemory()
    {
        await using var factory = await ConsoleFactory.StartAsync(DatabaseProvider.Sqlite);
        _ = factory.Server;

        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var meta = await RunningMetadataAsync(scheduler);

        Assert.False(meta.JobStorePersistent);
    }

    /// <summary>The hosted service starts the scheduler once the application has started: wait for it.</summary>
    private static async Task<SchedulerMetadata> RunningMetadataAsync(IScheduler scheduler)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var meta = await scheduler.GetMetadata();
        while (meta.RunningSince is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            meta = await scheduler.GetMetadata();
        }

        Assert.NotNull(meta.RunningSince);
        return meta;
    }
}
