* A small LP with a ranged row, an equality, a free and a fixed column:
* min 2x + 3y - z + w  s.t.  1 <= x + y <= 4 (ranged), x - z = 0.5,
* y + w >= 1, x in [0, 3], y >= 0, z free, w fixed at 0.25.
* Optimum: y = 0.75, x = 0.25, z = -0.25: 0.5 + 2.25 + 0.25 + 0.25 = 3.25.
NAME          SMALLLP
ROWS
 N  COST
 L  RANGED
 E  LINK
 G  COVER
COLUMNS
    X         COST      2.0          RANGED    1.0
    X         LINK      1.0
    Y         COST      3.0          RANGED    1.0
    Y         COVER     1.0
    Z         COST      -1.0         LINK      -1.0
    W         COST      1.0          COVER     1.0
RHS
    RHS       RANGED    4.0          LINK      0.5
    RHS       COVER     1.0
RANGES
    RNG       RANGED    3.0
BOUNDS
 UP BND       X         3.0
 FR BND       Z
 FX BND       W         0.25
ENDATA
