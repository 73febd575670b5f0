using EmotionGrid.Bench;

return await BenchCommands.RunAsync(args, Console.Out);
