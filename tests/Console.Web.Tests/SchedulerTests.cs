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
        var meta = await scheduler.GetMetadata();

        Assert.NotNull(meta.RunningSince);
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
        var meta = await scheduler.GetMetadata();

        Assert.NotNull(meta.RunningSince);
        Assert.False(meta.JobStorePersistent);
    }
}
