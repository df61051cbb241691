Console.WriteLine("EfDesign is the start-up project for `dotnet ef`; see tools/migrations.sh.");
