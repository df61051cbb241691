using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace AdminConsole.Jobs.Hosting;

/// <summary>
/// The job host's log, written to the console's. The job host keeps one log provider for the whole process, so this one
/// follows the latest application's logger factory and says nothing once that is gone (several applications share a
/// process in the tests; one stopping must not break the others).
/// </summary>
internal sealed class JobHostLogs : ILogProvider
{
    public static JobHostLogs Instance { get; } = new();

    private volatile ILoggerFactory? _factory;

    public void Use(ILoggerFactory factory) => _factory = factory;

    public ILog GetLogger(string name) => new Forwarder(this, name);

    private sealed class Forwarder(JobHostLogs owner, string name) : ILog
    {
        private ILoggerFactory? _factory;
        private ILogger? _logger;

        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                var logger = Logger();
                if (logger is null)
                    return false;
                var level = logLevel switch
                {
                    HangfireLevel.Trace => LogLevel.Trace,
                    HangfireLevel.Debug => LogLevel.Debug,
                    HangfireLevel.Info => LogLevel.Information,
                    HangfireLevel.Warn => LogLevel.Warning,
                    HangfireLevel.Error => LogLevel.Error,
                    HangfireLevel.Fatal => LogLevel.Critical,
                    _ => LogLevel.None,
                };

                // Without a message the job host only asks whether the level is on.
                if (messageFunc is null)
                    return logger.IsEnabled(level);
#pragma warning disable CA1848, CA2254, CA1873 // the job host's messages are made by it, already formatted
                logger.Log(level, exception, messageFunc());
#pragma warning restore CA1848, CA2254, CA1873
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        private ILogger? Logger()
        {
            var factory = owner._factory;
            if (!ReferenceEquals(factory, _factory))
                (_factory, _logger) = (factory, factory?.CreateLogger(name));
            return _logger;
        }
    }
}
