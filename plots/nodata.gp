# nodata.gp - the chart for an empty table: says so, and ends gnuplot
# (loaded by the chart scripts, with the message in nodata).
unset border; unset tics; unset grid; unset key
set label 1 "no data: " . nodata at graph 0.5, 0.5 center font "DejaVu Sans,14" noenhanced
plot [0:1] [0:1] NaN notitle
unset output
exit gnuplot
